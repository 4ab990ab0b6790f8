package org.simvtp.train.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The rank processes of one node for one attempt: started together, their output copied line by line with a
 * {@code [rank r]} prefix, stopped together.
 */
final class NodeRanks implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> pumps = new ArrayList<>();
    private final List<Integer> ranks = new ArrayList<>();

    private NodeRanks() {}

    /**
     * Starts one process per global rank.
     *
     * @param command the command line of every rank
     * @param globalRanks the ranks of this node
     * @param environment the variables of a rank
     * @param output where the prefixed output goes
     * @return the running ranks
     * @throws IOException if a process cannot start (the ones started are stopped)
     */
    static NodeRanks start(
            List<String> command,
            List<Integer> globalRanks,
            IntFunction<Map<String, String>> environment,
            PrintStream output)
            throws IOException {
        NodeRanks node = new NodeRanks();
        try {
            for (int rank : globalRanks) {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                pb.environment().putAll(environment.apply(rank));
                Process p = pb.start();
                node.processes.add(p);
                node.ranks.add(rank);
                Thread pump = new Thread(() -> copy(p, "[rank " + rank + "] ", output), "rank-" + rank + "-output");
                pump.setDaemon(true);
                pump.start();
                node.pumps.add(pump);
            }
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static void copy(Process p, String prefix, PrintStream output) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                output.println(prefix + line);
            }
        } catch (IOException e) {
            // the process is gone; its output ends here
        }
    }

    /** The global ranks, in start order. */
    List<Integer> ranks() {
        return ranks;
    }

    /** The process id of the rank at {@code index}. */
    long pid(int index) {
        return processes.get(index).pid();
    }

    /** The exit code of the rank at {@code index}, empty while it runs. */
    OptionalInt exitCode(int index) {
        Process p = processes.get(index);
        return p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue());
    }

    /** Whether every rank exited with 0. */
    boolean allSucceeded() {
        return processes.stream().allMatch(p -> !p.isAlive() && p.exitValue() == 0);
    }

    /**
     * Stops the ranks still running: SIGTERM (shutdown hooks run, a checkpoint being written is either finished
     * or discarded), then SIGKILL for those still alive after {@link #GRACE_MILLIS}; waits until their output is
     * copied.
     */
    @Override
    public void close() {
        processes.stream().filter(Process::isAlive).forEach(Process::destroy);
        long until = System.currentTimeMillis() + GRACE_MILLIS;
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (Thread pump : pumps) {
            try {
                pump.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long stopped ranks get to exit before they are killed. */
    static final long GRACE_MILLIS = 15_000;
}
