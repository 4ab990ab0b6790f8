package org.simvtp.examples.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.simvtp.train.distributed.Rendezvous;
import org.simvtp.train.launch.ElasticLauncher;
import org.simvtp.train.launch.LaunchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simvtp launch}: starts the ranks of this machine for {@code pretrain} or {@code finetune} and restarts all
 * of them (on every machine) after a restartable failure; thin over {@link ElasticLauncher}.
 */
@Command(
        name = "launch",
        mixinStandardHelpOptions = true,
        description = {
            "Start N ranks of a pretrain (or finetune) run on this machine, with rank, world size, rendezvous and a "
                    + "run id per attempt in their environment, and their output prefixed with [rank r].",
            "When a rank is lost (exit 5) or killed by a signal, all ranks of all machines are stopped and "
                    + "restarted with a fresh run id and resume from rank 0's newest checkpoint, at most "
                    + "--max-restarts times; bad usage or input (exit 2, 3) ends the job at once.",
            "Across machines every machine runs the launcher with the same --rdzv and --run-id.",
            "Example: simvtp launch --nproc-per-node 2 -- pretrain --annotations a.json --out run",
            "Exit code: the job's (0 done, 2 bad usage, 3 bad input, 4 internal error, 5 a peer was lost)."
        })
final class LaunchCommand implements Callable<Integer> {

    @Option(
            names = "--nproc-per-node",
            defaultValue = "1",
            paramLabel = "N",
            description = "Ranks on this machine (default ${DEFAULT-VALUE}).")
    int perNode;

    @Option(
            names = "--nnodes",
            defaultValue = "1",
            paramLabel = "M",
            description = "Machines (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--node-rank",
            defaultValue = "0",
            paramLabel = "R",
            description = "This machine's index in [0, M); it runs ranks R*N .. R*N+N-1 (default ${DEFAULT-VALUE}).")
    int nodeRank;

    @Option(
            names = "--rdzv",
            paramLabel = "URL",
            description = "Where ranks and launchers meet: redis://host:port or file:///shared/dir (created if "
                    + "missing); required with several machines (default on one: a temporary folder).")
    String rendezvous;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "Job id, the same on every machine and fresh for every job (default: SIMVTP_RUN_ID, "
                    + "else slurm-$SLURM_JOB_ID, else random on one machine).")
    String runId;

    @Option(
            names = "--max-restarts",
            defaultValue = "3",
            paramLabel = "K",
            description = "Restarts of all ranks after restartable failures; 0 = a single attempt "
                    + "(default ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Option(
            names = "--hostname",
            paramLabel = "HOST",
            description = "Address the ranks listen on (SIMVTP_GLOO_HOSTNAME; default 127.0.0.1 on one machine, "
                    + "else the host name).")
    String hostname;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "How long a rank waits for a peer before it counts as lost (SIMVTP_DIST_TIMEOUT; "
                    + "default 300).")
    Double timeout;

    @Option(
            names = "--threads",
            defaultValue = "0",
            paramLabel = "T",
            description = "PyTorch threads per rank (default: the cores divided by N).")
    int threads;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "After --: pretrain or finetune and its options.")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String job = command.get(0);
        Usage.require(
                spec,
                job.equals("pretrain") || job.equals("finetune"),
                "launch runs pretrain or finetune, not '" + job + "'");
        Usage.require(
                spec,
                job.equals("pretrain") || perNode * nodes == 1,
                "finetune trains in one process: use --nproc-per-node 1 --nnodes 1 (restarts still apply)");
        List<String> args = new ArrayList<>(command);
        if (perNode * nodes > 1 && !args.contains("--distributed")) {
            args.add("--distributed");
        }
        try {
            SimvtpCli.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), "launch " + job + ": " + e.getMessage(), e);
        }
        Map<String, String> env = new HashMap<>();
        if (timeout != null) {
            Usage.require(spec, timeout > 0, "--timeout must be positive, got " + timeout);
            env.put("SIMVTP_DIST_TIMEOUT", Double.toString(timeout));
        }
        ElasticLauncher.Builder b = ElasticLauncher.builder()
                .setProcessesPerNode(perNode)
                .setMainClass(SimvtpCli.class.getName())
                .optArguments(args)
                .optJvmOptions(forwardedJvmOptions())
                .optNodes(nodes)
                .optNodeRank(nodeRank)
                .optMaxRestarts(maxRestarts)
                .optThreadsPerRank(threads)
                .optEnvironment(env);
        if (rendezvous != null) {
            b.optRendezvous(Usage.build(spec, () -> Rendezvous.parse(rendezvous)));
        }
        String id = runId != null ? runId : defaultRunId();
        if (id != null) {
            b.optRunId(id);
        }
        if (hostname != null) {
            b.optHostname(hostname);
        }
        ElasticLauncher launcher = Usage.build(spec, () -> {
            try {
                return b.build();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        LaunchResult result = launcher.run();
        return result.exitCode();
    }

    private static String defaultRunId() {
        String id = System.getenv("SIMVTP_RUN_ID");
        if (id == null && System.getenv("SLURM_JOB_ID") != null) {
            id = "slurm-" + System.getenv("SLURM_JOB_ID");
        }
        return id;
    }

    /** This JVM's {@code -X} and {@code -D} options (heap, caches, log levels), handed on to the ranks. */
    private static List<String> forwardedJvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> o.startsWith("-X") || o.startsWith("-D"))
                .toList();
    }
}
