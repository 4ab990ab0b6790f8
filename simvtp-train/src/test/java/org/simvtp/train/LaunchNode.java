package org.simvtp.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.simvtp.train.distributed.Rendezvous;
import org.simvtp.train.launch.ElasticLauncher;
import org.simvtp.train.launch.LaunchResult;

/**
 * One node of {@code ElasticTrainingTest}: an {@link ElasticLauncher} of two {@link DistributedTrainWorker} ranks
 * (of two nodes) in its own JVM, so that a test can kill a whole launcher. Arguments: {@code nodeRank rendezvous
 * runId maxRestarts timeoutSeconds dir steps globalBatch}; rank r writes {@code dir/w-r.weights}, rank 0 checkpoints
 * to {@code dir/checkpoints/rank0}. Exits with the job's exit code.
 */
public final class LaunchNode {
    private LaunchNode() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[5]);
        List<String> jvm = new ArrayList<>(ChildJvm.options());
        jvm.addAll(ChildJvm.inherit("simvtp.gloo.library"));
        LaunchResult r = ElasticLauncher.builder()
                .setProcessesPerNode(2)
                .optNodes(2)
                .optNodeRank(Integer.parseInt(args[0]))
                .optRendezvous(Rendezvous.parse(args[1]))
                .optRunId(args[2])
                .optMaxRestarts(Integer.parseInt(args[3]))
                .optThreadsPerRank(1)
                .setMainClass(DistributedTrainWorker.class.getName())
                .optJvmOptions(jvm)
                .optEnvironment(Map.of("SIMVTP_DIST_TIMEOUT", args[4], "SIMVTP_DIST_ROLLCALL", "2"))
                .optArguments(List.of(
                        args[6],
                        args[7],
                        "1",
                        dir.resolve("w-{rank}.weights").toString(),
                        dir.resolve("checkpoints").toString(),
                        "-1",
                        "2",
                        "per-sample"))
                .build()
                .run();
        System.out.println("RESULT exit " + r.exitCode() + " restarts " + r.restarts());
        System.out.flush();
        System.exit(r.exitCode());
    }
}
