package org.simvtp.train.launch;

/**
 * Exit codes of SimVTP processes, as the launcher reads them: which failures a restart can cure.
 *
 * <pre>{@code
 * if (ExitCodes.isRestartable(process.exitValue())) {
 *     restartAllRanks();
 * }
 * }</pre>
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The job ran but failed (e.g. a check did not pass); not restartable. */
    public static final int FAILED = 1;
    /** Bad usage (options); not restartable. */
    public static final int BAD_USAGE = 2;
    /** Bad or missing input; not restartable. */
    public static final int BAD_INPUT = 3;
    /** Internal error; not restartable. */
    public static final int INTERNAL_ERROR = 4;
    /** A peer rank was lost (died, hung, or never joined the rendezvous); restartable. */
    public static final int PEER_LOST = 5;

    private ExitCodes() {}

    /**
     * Whether restarting every rank can cure the failure that ended a rank with {@code code}: a lost peer
     * ({@value #PEER_LOST}) or a process killed by a signal (exit status above 128, as Java reports it).
     *
     * @param code the rank's exit status
     * @return true for {@value #PEER_LOST} and signal deaths
     */
    public static boolean isRestartable(int code) {
        return code == PEER_LOST || code > 128;
    }

    /** A readable description of {@code code}, e.g. {@code "killed by signal 9 (exit 137)"}. */
    static String describe(int code) {
        return switch (code) {
            case OK -> "exit 0";
            case BAD_USAGE -> "bad usage (exit 2)";
            case BAD_INPUT -> "bad input (exit 3)";
            case INTERNAL_ERROR -> "internal error (exit 4)";
            case PEER_LOST -> "a peer was lost (exit 5)";
            default -> code > 128 ? "killed by signal " + (code - 128) + " (exit " + code + ")" : "exit " + code;
        };
    }
}
