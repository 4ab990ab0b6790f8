package org.simvtp.train.launch;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Ends a rank when the launcher that started it dies (even by SIGKILL, when it cannot stop its ranks itself), so that
 * the ranks of the other nodes see a lost peer instead of training on with an orphan.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     LauncherWatch.exitWithLauncher();
 *     ...
 * }
 * }</pre>
 */
public final class LauncherWatch {
    /** Variable in which the launcher hands its process id to the ranks. */
    public static final String PID_VARIABLE = "SIMVTP_LAUNCHER_PID";

    private LauncherWatch() {}

    /**
     * If this process was started by an {@link ElasticLauncher}, halts it (exit code 5, {@link ExitCodes#PEER_LOST})
     * as soon as the launcher is gone; otherwise does nothing.
     */
    public static void exitWithLauncher() {
        String pid = System.getenv(PID_VARIABLE);
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> launcher;
        try {
            launcher = ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PID_VARIABLE + "='" + pid + "' is not a process id", e);
        }
        if (launcher.isEmpty()) {
            gone(pid);
        }
        CompletableFuture<Void> unused = launcher.get().onExit().thenRun(() -> gone(pid));
    }

    private static void gone(String pid) {
        System.err.println("the launcher (pid " + pid + ") is gone: stopping this rank");
        System.err.flush();
        Runtime.getRuntime().halt(ExitCodes.PEER_LOST);
    }
}
