package org.simvtp.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code simvtp} command-line tool ({@code java -jar simvtp-examples/target/simvtp.jar}).
 *
 * <p>Exit codes: 0 success, 1 the job ran but its check failed (e.g. a parity mismatch), 2 bad usage,
 * 3 bad input (unreadable or malformed file), 4 internal error.
 *
 * <pre>{@code
 * java -jar simvtp.jar parity --bundle shared/parity/simvtp-tiny
 * java -jar simvtp.jar quickstart --minutes 3
 * }</pre>
 */
@Command(name = "simvtp", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "SimVTP video-text pre-training, retrieval and tools on the JVM.",
        subcommands = {QuickstartCommand.class, ParityCommand.class, ConvertCommand.class})
public final class SimvtpCli implements Runnable {

    /** Exit code when the job ran but its check failed. */
    public static final int CHECK_FAILED = 1;
    /** Exit code for unreadable or malformed input. */
    public static final int BAD_INPUT = 3;
    /** Exit code for an unexpected internal error. */
    public static final int INTERNAL_ERROR = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private SimvtpCli() {}

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        Launcher.configure();
        CommandLine cli = new CommandLine(new SimvtpCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean badInput = e instanceof java.io.IOException || e instanceof IllegalArgumentException
                    || e instanceof java.io.UncheckedIOException;
            commandLine.getErr().println("simvtp " + String.join(" ", parseResult.originalArgs()) + ": "
                    + (badInput ? "" : "internal error: ") + e.getMessage());
            if (!badInput) {
                e.printStackTrace(commandLine.getErr());
            }
            return badInput ? BAD_INPUT : INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
