package org.simvtp.train.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.simvtp.train.ChildJvm;

/**
 * Starts the ranks of a run as separate JVMs on 127.0.0.1 (classpath of the test JVM, DJL offline, telemetry off,
 * one torch thread each), with the torchrun-style environment read by {@link DistributedConfig#fromEnvironment()}.
 * Output goes to {@code rank<r>.log} in a log directory.
 */
public final class LocalRanks implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path logDir;

    private LocalRanks(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Launches {@code n} ranks of {@code mainClass}.
     *
     * @param mainClass the worker's main class
     * @param n world size
     * @param rendezvous e.g. {@code file:///tmp/x} or {@code redis://127.0.0.1:6390}
     * @param extraEnv more variables (e.g. {@code SIMVTP_DIST_TIMEOUT})
     * @param args worker arguments; {@code {rank}} is replaced by the rank
     * @param logDir where the logs go
     * @return the running ranks
     * @throws IOException if a JVM cannot start
     */
    public static LocalRanks start(
            Class<?> mainClass, int n, String rendezvous, Map<String, String> extraEnv, List<String> args, Path logDir)
            throws IOException {
        LocalRanks ranks = new LocalRanks(logDir);
        String runId = "test-" + UUID.randomUUID();
        try {
            for (int r = 0; r < n; r++) {
                List<String> rankArgs = new ArrayList<>();
                for (String a : args) {
                    rankArgs.add(a.replace("{rank}", Integer.toString(r)));
                }
                List<String> cmd = ChildJvm.command(mainClass, ChildJvm.inherit(GlooNative.PATH_PROPERTY), rankArgs);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(logDir.resolve("rank" + r + ".log").toFile());
                Map<String, String> env = pb.environment();
                ChildJvm.configure(env);
                env.put("RANK", Integer.toString(r));
                env.put("WORLD_SIZE", Integer.toString(n));
                env.put("LOCAL_RANK", Integer.toString(r));
                env.put("SIMVTP_RENDEZVOUS", rendezvous);
                env.put("SIMVTP_RUN_ID", runId);
                env.put("SIMVTP_GLOO_HOSTNAME", "127.0.0.1");
                env.putAll(extraEnv);
                ranks.processes.add(pb.start());
            }
        } catch (IOException | RuntimeException e) {
            ranks.close();
            throw e;
        }
        return ranks;
    }

    /** The process of {@code rank}. */
    public Process process(int rank) {
        return processes.get(rank);
    }

    /**
     * Waits for {@code rank} to exit.
     *
     * @param rank the rank
     * @param seconds how long to wait
     * @return its exit code, or -1 if it was still running (it is then killed)
     * @throws InterruptedException if interrupted
     */
    public int await(int rank, double seconds) throws InterruptedException {
        Process p = processes.get(rank);
        if (!p.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }

    /** The output of {@code rank} so far. */
    public String log(int rank) {
        try {
            return Files.readString(logDir.resolve("rank" + rank + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** All logs, for assertion messages. */
    public String logs() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < processes.size(); r++) {
            sb.append("---- rank ").append(r).append(" ----\n").append(log(r)).append('\n');
        }
        return sb.toString();
    }

    /** Kills every rank still running. */
    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
