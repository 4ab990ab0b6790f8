package org.simvtp.train.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.IntStream;
import org.simvtp.train.distributed.Rendezvous;

/**
 * Starts the ranks of one node as JVM processes and keeps the job going: when a rank fails in a way a restart can
 * cure (a lost peer, exit code 5, or a process killed by a signal; {@link ExitCodes#isRestartable}) it stops the
 * other ranks and starts all of them again with a fresh run id, so they meet anew and resume from rank 0's newest
 * checkpoint, at most {@code maxRestarts} times. Bad usage, bad input and other failures end the job at once.
 *
 * <p>Across machines every node runs a launcher with the same run id and rendezvous; the launchers agree on the
 * current attempt through keys in the rendezvous store ({@code restart-<n>}, created once by the first node that
 * sees the failure, and {@code stop}), so every node moves to the new attempt and no node trains on an old one.
 * Each rank gets {@code RANK}, {@code LOCAL_RANK}, {@code WORLD_SIZE}, {@code LOCAL_WORLD_SIZE},
 * {@code SIMVTP_RENDEZVOUS}, {@code SIMVTP_RUN_ID} ({@code <run id>-<attempt>}), {@code SIMVTP_RESTART_COUNT},
 * {@code SIMVTP_LAUNCHER_PID} (ranks exit when the launcher dies; {@link LauncherWatch}), cores / ranks PyTorch
 * threads, {@code -Dai.djl.offline=true}, {@code OPT_OUT_TRACKING=true} and glibc settings that keep freed memory
 * for the next step ({@link #RETAINING_ALLOCATOR}); its output is copied with a
 * {@code [rank r]} prefix. A shutdown of the launcher (SIGINT, SIGTERM) stops its ranks with SIGTERM and tells the
 * other nodes to stop.
 *
 * <pre>{@code
 * LaunchResult r = ElasticLauncher.builder()
 *         .setProcessesPerNode(2)
 *         .setMainClass("org.simvtp.examples.cli.SimvtpCli")
 *         .optArguments(List.of("pretrain", "--distributed", "--annotations", "a.json", "--out", "run"))
 *         .optNodes(2).optNodeRank(0).optRendezvous(Rendezvous.parse("redis://10.0.0.1:6379"))
 *         .optRunId("job-42").optMaxRestarts(3)
 *         .build()
 *         .run();
 * System.exit(r.exitCode());
 * }</pre>
 */
public final class ElasticLauncher {
    /** Store key holding the job's exit code once a node ended it. */
    static final String STOP_KEY = "stop";

    private static final long POLL_MILLIS = 100;
    private static final long STORE_POLL_MILLIS = 300;

    private final int perNode;
    private final int nodes;
    private final int nodeRank;
    private final Rendezvous rendezvous;
    private final String runId;
    private final int maxRestarts;
    private final List<String> command;
    private final int threads;
    private final Map<String, String> environment;
    private final boolean retainFreedMemory;

    /**
     * glibc settings every rank gets unless the launcher's own environment sets them: one malloc arena, no mmap'd
     * blocks, no trimming of the heap's top. PyTorch's large tensors then reuse the pages that the previous step
     * freed instead of faulting fresh ones in (a small-preset step: ≈ 4,000 instead of 20,000–65,000 page faults;
     * paired medians 0.73–0.785 against 0.68–0.73 of the same-run 2048³ matmul on 2 cores, {@code jmh/README.md}).
     * The process keeps its peak native footprint, which a training process reaches every step anyway.
     */
    public static final Map<String, String> RETAINING_ALLOCATOR = Map.of(
            "MALLOC_ARENA_MAX", "1",
            "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", "68719476736");

    private final PrintStream output;

    private final Object lock = new Object();
    private volatile boolean stopping;
    private NodeRanks current;

    private ElasticLauncher(Builder b, Rendezvous rendezvous, String runId) {
        perNode = b.perNode;
        nodes = b.nodes;
        nodeRank = b.nodeRank;
        this.rendezvous = rendezvous;
        this.runId = runId;
        maxRestarts = b.maxRestarts;
        threads = b.threads > 0 ? b.threads : Math.max(1, Runtime.getRuntime().availableProcessors() / b.perNode);
        List<String> cmd = new ArrayList<>(List.of(
                b.java,
                "-cp",
                b.classpath,
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1"));
        cmd.addAll(b.jvmOptions);
        cmd.add(b.mainClass);
        cmd.addAll(b.arguments);
        command = List.copyOf(cmd);
        Map<String, String> env = new LinkedHashMap<>();
        if (!b.hostname.isEmpty()) {
            env.put("SIMVTP_GLOO_HOSTNAME", b.hostname);
        }
        env.putAll(b.environment);
        environment = Map.copyOf(env);
        retainFreedMemory = b.retainFreedMemory;
        output = b.output;
    }

    /** A builder; the processes per node and the main class are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The command line every rank of this node runs. */
    public List<String> command() {
        return command;
    }

    /** The job's run id; attempt {@code n} runs as {@code <run id>-<n>}. */
    public String runId() {
        return runId;
    }

    /** The world size: processes per node × nodes. */
    public int worldSize() {
        return perNode * nodes;
    }

    /**
     * Runs the job to its end on this node: starts the ranks, restarts them after restartable failures (on any
     * node), stops when they all finish, fail for good, another node ends the job, or this JVM shuts down.
     *
     * @return the job's exit code and the number of restarts
     * @throws IOException if a rank cannot start or the rendezvous store cannot be reached
     * @throws InterruptedException if this thread is interrupted (the ranks are stopped)
     */
    public LaunchResult run() throws IOException, InterruptedException {
        try (LaunchStore store = nodes == 1 ? LaunchStore.inMemory() : LaunchStore.open(rendezvous, runId)) {
            Thread hook = new Thread(() -> shutDown(store), "simvtp-launcher-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return supervise(store);
            } finally {
                stopCurrent();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is running
                }
            }
        }
    }

    private LaunchResult supervise(LaunchStore store) throws IOException, InterruptedException {
        int attempt = currentAttempt(store);
        OptionalInt ended = stopCode(store);
        if (ended.isPresent()) {
            log("job '" + runId + "' already ended (" + ExitCodes.describe(ended.getAsInt()) + ") before this node "
                    + "started: a late node, or a reused run id (every job needs a fresh one)");
            return new LaunchResult(ended.getAsInt(), attempt);
        }
        while (true) {
            OptionalInt stopped = stopCode(store);
            if (stopped.isPresent()) {
                log("another node ended the job (" + ExitCodes.describe(stopped.getAsInt()) + ")");
                return new LaunchResult(stopped.getAsInt(), attempt);
            }
            Outcome outcome = runAttempt(store, attempt);
            switch (outcome.kind) {
                case SUCCEEDED:
                    log("all ranks finished after " + attempt + " restart" + (attempt == 1 ? "" : "s"));
                    return new LaunchResult(ExitCodes.OK, attempt);
                case STOPPED:
                    log("another node ended the job (" + ExitCodes.describe(outcome.code) + ")");
                    return new LaunchResult(outcome.code, attempt);
                case PEER_RESTARTED:
                    log("restart " + (attempt + 1) + " of at most " + maxRestarts + ", asked by " + outcome.reason);
                    attempt++;
                    break;
                case FAILED:
                default:
                    if (stopping) {
                        return new LaunchResult(outcome.code, attempt);
                    }
                    if (!ExitCodes.isRestartable(outcome.code)) {
                        store.putIfAbsent(STOP_KEY, outcome.code + " " + outcome.reason);
                        log(outcome.reason + ": not restartable, stopping the job");
                        return new LaunchResult(outcome.code, attempt);
                    }
                    if (attempt >= maxRestarts) {
                        store.putIfAbsent(STOP_KEY, outcome.code + " " + outcome.reason);
                        log(outcome.reason + ": giving up after " + attempt + " restart" + (attempt == 1 ? "" : "s")
                                + " (--max-restarts " + maxRestarts + ")");
                        return new LaunchResult(outcome.code, attempt);
                    }
                    store.putIfAbsent("restart-" + (attempt + 1), outcome.reason);
                    log(outcome.reason + ": restarting all ranks (restart " + (attempt + 1) + " of at most "
                            + maxRestarts + ")");
                    attempt++;
            }
        }
    }

    /** Starts this node's ranks for {@code attempt} and watches them, the store and the shutdown flag. */
    private Outcome runAttempt(LaunchStore store, int attempt) throws IOException, InterruptedException {
        String attemptId = runId + "-" + attempt;
        List<Integer> ranks = IntStream.range(nodeRank * perNode, (nodeRank + 1) * perNode)
                .boxed()
                .toList();
        NodeRanks node;
        synchronized (lock) {
            if (stopping) {
                return new Outcome(Kind.FAILED, ExitCodes.FAILED, "the launcher is shutting down");
            }
            node = NodeRanks.start(command, ranks, rank -> rankEnvironment(rank, attemptId, attempt), output);
            current = node;
        }
        StringBuilder pids = new StringBuilder();
        for (int i = 0; i < ranks.size(); i++) {
            pids.append(i == 0 ? "" : ", ")
                    .append("rank ")
                    .append(ranks.get(i))
                    .append(" pid ")
                    .append(node.pid(i));
        }
        log("attempt " + attempt + " (run id " + attemptId + ", world size " + worldSize() + "): " + pids);
        try {
            return watch(node, store, attempt);
        } finally {
            stopCurrent();
        }
    }

    private Outcome watch(NodeRanks node, LaunchStore store, int attempt) throws IOException, InterruptedException {
        long nextStoreCheck = 0;
        while (true) {
            if (stopping) {
                return new Outcome(Kind.FAILED, ExitCodes.FAILED, "the launcher is shutting down");
            }
            Outcome failed = null;
            for (int i = 0; i < node.ranks().size(); i++) {
                OptionalInt code = node.exitCode(i);
                if (code.isPresent() && code.getAsInt() != 0) {
                    Outcome o = new Outcome(
                            Kind.FAILED,
                            code.getAsInt(),
                            "rank " + node.ranks().get(i) + " on node " + nodeRank + ": "
                                    + ExitCodes.describe(code.getAsInt()));
                    if (failed == null || severity(o.code) > severity(failed.code)) {
                        failed = o;
                    }
                }
            }
            if (failed != null) {
                return failed;
            }
            if (node.allSucceeded()) {
                return new Outcome(Kind.SUCCEEDED, 0, "");
            }
            if (nodes > 1 && System.currentTimeMillis() >= nextStoreCheck) {
                OptionalInt stopped = stopCode(store);
                if (stopped.isPresent()) {
                    return new Outcome(Kind.STOPPED, stopped.getAsInt(), "");
                }
                Optional<String> restart = store.get("restart-" + (attempt + 1));
                if (restart.isPresent()) {
                    return new Outcome(Kind.PEER_RESTARTED, 0, restart.get());
                }
                nextStoreCheck = System.currentTimeMillis() + STORE_POLL_MILLIS;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Which of several failures seen together is the cause: one no restart cures, then a rank killed by a signal,
     * then the lost-peer failures that either of them causes on the other ranks.
     */
    private static int severity(int code) {
        return !ExitCodes.isRestartable(code) ? 2 : code > 128 ? 1 : 0;
    }

    private Map<String, String> rankEnvironment(int rank, String attemptId, int attempt) {
        Map<String, String> env = new HashMap<>();
        env.put("OPT_OUT_TRACKING", "true");
        env.put("DJL_OFFLINE", "true");
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.put("RANK", Integer.toString(rank));
        env.put("LOCAL_RANK", Integer.toString(rank - nodeRank * perNode));
        env.put("WORLD_SIZE", Integer.toString(worldSize()));
        env.put("LOCAL_WORLD_SIZE", Integer.toString(perNode));
        env.put("GROUP_RANK", Integer.toString(nodeRank));
        env.put("SIMVTP_RENDEZVOUS", rendezvous.toUrl());
        env.put("SIMVTP_RUN_ID", attemptId);
        env.put("SIMVTP_RESTART_COUNT", Integer.toString(attempt));
        env.put(
                LauncherWatch.PID_VARIABLE,
                Long.toString(ProcessHandle.current().pid()));
        if (retainFreedMemory) {
            RETAINING_ALLOCATOR.forEach((name, value) -> {
                if (System.getenv(name) == null) {
                    env.put(name, value);
                }
            });
        }
        env.putAll(environment);
        return env;
    }

    /** The attempt the job is at: the highest {@code restart-<n>} key in the store (a late or restarted node). */
    private static int currentAttempt(LaunchStore store) throws IOException {
        int attempt = 0;
        while (store.get("restart-" + (attempt + 1)).isPresent()) {
            attempt++;
        }
        return attempt;
    }

    private static OptionalInt stopCode(LaunchStore store) throws IOException {
        Optional<String> v = store.get(STOP_KEY);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        String s = v.get().trim();
        int space = s.indexOf(' ');
        try {
            return OptionalInt.of(Integer.parseInt(space < 0 ? s : s.substring(0, space)));
        } catch (NumberFormatException e) {
            return OptionalInt.of(ExitCodes.FAILED);
        }
    }

    private void stopCurrent() {
        synchronized (lock) {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** Shutdown hook: stop the ranks (SIGTERM first) and tell the other nodes the job is over. */
    private void shutDown(LaunchStore store) {
        stopping = true;
        log("shutting down: stopping the ranks");
        if (nodes > 1) {
            // first, while the store is surely open: run() closes it once the ranks are stopped
            try {
                store.putIfAbsent(STOP_KEY, ExitCodes.FAILED + " the launcher of node " + nodeRank + " was stopped");
            } catch (IOException e) {
                log("could not tell the other nodes: " + e.getMessage());
            }
        }
        stopCurrent();
    }

    private void log(String message) {
        output.println("[launcher node " + nodeRank + "] " + message);
    }

    private enum Kind {
        SUCCEEDED,
        FAILED,
        STOPPED,
        PEER_RESTARTED
    }

    private record Outcome(Kind kind, int code, String reason) {}

    /** Builder of {@link ElasticLauncher}. */
    public static final class Builder {
        private int perNode;
        private int nodes = 1;
        private int nodeRank;
        private Rendezvous rendezvous;
        private String runId;
        private int maxRestarts = 3;
        private String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        private String classpath = System.getProperty("java.class.path");
        private String mainClass;
        private List<String> arguments = List.of();
        private List<String> jvmOptions = List.of();
        private int threads;
        private String hostname;
        private Map<String, String> environment = Map.of();
        private boolean retainFreedMemory = true;
        private PrintStream output = System.out;

        private Builder() {}

        /** Rank processes on this node (required, at least 1). */
        public Builder setProcessesPerNode(int n) {
            perNode = n;
            return this;
        }

        /** Main class every rank runs (required), found on {@link #optClasspath the classpath}. */
        public Builder setMainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** Program arguments of every rank; default none. */
        public Builder optArguments(List<String> arguments) {
            this.arguments = List.copyOf(arguments);
            return this;
        }

        /** More JVM options of every rank (e.g. {@code -Xmx4g}); default none. */
        public Builder optJvmOptions(List<String> options) {
            jvmOptions = List.copyOf(options);
            return this;
        }

        /** Java executable of the ranks; default the one running this JVM. */
        public Builder optJava(String java) {
            this.java = java;
            return this;
        }

        /** Classpath of the ranks; default this JVM's {@code java.class.path}. */
        public Builder optClasspath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** Number of machines; default 1. */
        public Builder optNodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /** This machine's index in {@code [0, nodes)}; node r runs ranks {@code r·N .. r·N+N-1}; default 0. */
        public Builder optNodeRank(int nodeRank) {
            this.nodeRank = nodeRank;
            return this;
        }

        /**
         * Where the ranks and the launchers meet; required with several nodes; default on one node a new
         * temporary folder.
         */
        public Builder optRendezvous(Rendezvous rendezvous) {
            this.rendezvous = rendezvous;
            return this;
        }

        /**
         * The job's id, the same on every node and fresh for every job (the store's keys are namespaced by it);
         * required with several nodes; default on one node a random one.
         */
        public Builder optRunId(String runId) {
            this.runId = runId;
            return this;
        }

        /** How many times all ranks may be restarted; 0 runs a single attempt; default 3. */
        public Builder optMaxRestarts(int maxRestarts) {
            this.maxRestarts = maxRestarts;
            return this;
        }

        /** PyTorch threads of each rank; default the cores divided by the ranks of this node (at least 1). */
        public Builder optThreadsPerRank(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Address Gloo listens on ({@code SIMVTP_GLOO_HOSTNAME}); default on one node {@code 127.0.0.1}, with
         * several nodes the inherited variable or the host name.
         */
        public Builder optHostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** More variables of every rank (e.g. {@code SIMVTP_DIST_TIMEOUT}); they win over the launcher's. */
        public Builder optEnvironment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * Whether the ranks get {@link #RETAINING_ALLOCATOR} (glibc keeps freed memory for the next step); default
         * {@code true}. Variables already set in the launcher's environment or given to {@link #optEnvironment}
         * win.
         *
         * @param retain {@code false} to start the ranks with the allocator's defaults
         * @return this builder
         */
        public Builder optRetainFreedMemory(boolean retain) {
            this.retainFreedMemory = retain;
            return this;
        }

        /** Where the ranks' prefixed output and the launcher's messages go; default {@code System.out}. */
        public Builder optOutput(PrintStream output) {
            this.output = output;
            return this;
        }

        /**
         * Validates and builds; on one node without a rendezvous, creates a temporary rendezvous folder.
         *
         * @return the launcher
         * @throws IllegalArgumentException naming the first invalid setting
         * @throws IOException if the temporary rendezvous folder cannot be created
         */
        public ElasticLauncher build() throws IOException {
            require(perNode >= 1, "processes per node must be at least 1, got " + perNode);
            require(nodes >= 1, "nodes must be at least 1, got " + nodes);
            require(nodeRank >= 0 && nodeRank < nodes, "node rank " + nodeRank + " outside [0, " + nodes + ")");
            require(maxRestarts >= 0, "max restarts must not be negative, got " + maxRestarts);
            require(mainClass != null && !mainClass.isBlank(), "the ranks' main class is required");
            require(threads >= 0, "threads per rank must not be negative, got " + threads);
            require(
                    nodes == 1 || rendezvous != null,
                    nodes + " nodes need a common rendezvous (redis://host:port or a shared file:///dir)");
            require(nodes == 1 || runId != null, nodes + " nodes need a common run id, fresh for every job");
            String id = runId != null
                    ? runId
                    : "launch-" + UUID.randomUUID().toString().substring(0, 8);
            // attempts append "-<n>": leave room in the 128 characters of a run id
            require(
                    id.matches("[A-Za-z0-9._-]{1,100}"),
                    "run id '" + id + "' must be 1-100 characters of [A-Za-z0-9._-]");
            Rendezvous r = rendezvous != null
                    ? rendezvous
                    : new Rendezvous(
                            Rendezvous.Kind.FILE,
                            Files.createTempDirectory("simvtp-rendezvous").toString(),
                            0);
            if (hostname == null) {
                hostname = nodes == 1 ? "127.0.0.1" : "";
            }
            return new ElasticLauncher(this, r, id);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
