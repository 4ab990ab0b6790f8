package org.simvtp.train.launch;

/**
 * A rank without training, started by {@code ElasticLauncherTest}: prints what the launcher gave it, then on the
 * first {@code failAttempts} attempts rank {@code failRank} fails (with the exit code, or {@code kill}: SIGKILL of
 * itself) while the other ranks wait to be stopped; later attempts exit 0. Arguments: {@code failRank failCode
 * failAttempts}.
 */
public final class LaunchProbe {
    private LaunchProbe() {}

    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        LauncherWatch.exitWithLauncher();
        int rank = Integer.parseInt(System.getenv("RANK"));
        int attempt = Integer.parseInt(System.getenv("SIMVTP_RESTART_COUNT"));
        System.out.println("PROBE rank " + rank + " local " + System.getenv("LOCAL_RANK") + " world "
                + System.getenv("WORLD_SIZE") + " run " + System.getenv("SIMVTP_RUN_ID") + " rendezvous "
                + System.getenv("SIMVTP_RENDEZVOUS") + " threads " + System.getProperty("ai.djl.pytorch.num_threads")
                + " offline " + System.getProperty("ai.djl.offline") + " tracking "
                + System.getenv("OPT_OUT_TRACKING") + " arenas " + System.getenv("MALLOC_ARENA_MAX"));
        System.out.flush();
        if (attempt < Integer.parseInt(args[2])) {
            if (rank == Integer.parseInt(args[0])) {
                if (args[1].equals("kill")) {
                    // a JVM may not destroy itself through ProcessHandle
                    new ProcessBuilder(
                                    "kill",
                                    "-9",
                                    Long.toString(ProcessHandle.current().pid()))
                            .start();
                    Thread.sleep(10_000);
                }
                System.exit(Integer.parseInt(args[1]));
            }
            Thread.sleep(60_000);
        }
        System.exit(0);
    }
}
