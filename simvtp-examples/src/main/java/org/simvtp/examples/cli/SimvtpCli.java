package org.simvtp.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.simvtp.core.spi.MediaException;
import org.simvtp.data.dataset.DatasetFormatException;
import org.simvtp.data.loader.LoaderException;
import org.simvtp.data.loader.TooManyFailuresException;
import org.simvtp.data.video.VideoDecodeException;
import org.simvtp.train.distributed.CollectiveException;
import org.simvtp.train.distributed.GlooUnavailableException;
import org.simvtp.train.launch.ExitCodes;
import org.simvtp.train.launch.LauncherWatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code simvtp} command-line tool ({@code java -jar simvtp-examples/target/simvtp.jar}).
 *
 * <p>Exit codes: 0 success, 1 the job ran but its check failed (e.g. a parity mismatch), 2 bad usage,
 * 3 bad input (unreadable or malformed file), 4 internal error, 5 a peer of a multi-process run was lost
 * (restartable: {@code simvtp launch} restarts all ranks).
 *
 * <pre>{@code
 * java -jar simvtp.jar parity --bundle shared/parity/simvtp-tiny
 * java -jar simvtp.jar quickstart --minutes 3
 * java -jar simvtp.jar pretrain --annotations webvid.json --out run --preset small --steps 10000
 * java -jar simvtp.jar index --videos my-videos --index my-index && java -jar simvtp.jar search --index my-index --query "a dog"
 * }</pre>
 */
@Command(
        name = "simvtp",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.class,
        description = "SimVTP video-text pre-training, retrieval and tools on the JVM.",
        subcommands = {
            QuickstartCommand.class,
            PretrainCommand.class,
            FinetuneCommand.class,
            LaunchCommand.class,
            EvaluateCommand.class,
            EncodeCommand.class,
            IndexCommand.class,
            SearchCommand.class,
            ServeCommand.class,
            VisualizeCommand.class,
            ParityCommand.class,
            ConvertCommand.class
        })
public final class SimvtpCli implements Runnable {

    /** Exit code when the job ran but its check failed. */
    public static final int CHECK_FAILED = 1;
    /** Exit code for unreadable or malformed input. */
    public static final int BAD_INPUT = 3;
    /** Exit code for an unexpected internal error. */
    public static final int INTERNAL_ERROR = 4;
    /** Exit code when a peer rank of a multi-process run was lost (died, hung, never joined); restartable. */
    public static final int PEER_LOST = ExitCodes.PEER_LOST;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private SimvtpCli() {}

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        LauncherWatch.exitWithLauncher();
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        Launcher.configure();
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            CollectiveException lost = peerLost(e);
            if (lost != null) {
                commandLine
                        .getErr()
                        .println("simvtp " + commandLine.getCommandName() + ": a peer was lost; restartable (exit "
                                + PEER_LOST + "): " + lost.getMessage());
                return PEER_LOST;
            }
            Throwable cause = badInput(e);
            boolean bad = cause != null;
            boolean environment = e instanceof GlooUnavailableException;
            commandLine
                    .getErr()
                    .println("simvtp " + String.join(" ", parseResult.originalArgs()) + ": "
                            + (bad || environment ? "" : "internal error: ") + (bad ? cause : e).getMessage());
            if (!bad && !environment) {
                e.printStackTrace(commandLine.getErr());
            }
            return bad ? BAD_INPUT : INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    /** The tool's command line, not yet run (also used to check the arguments of launched ranks). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SimvtpCli());
        // "--text a --bogus": an unknown option is a usage error, not the value of the option before it
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        return cli;
    }

    /** The failed collective or rendezvous behind {@code e} (a lost peer), null for other failures. */
    static CollectiveException peerLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CollectiveException c) {
                return c;
            }
        }
        return null;
    }

    /**
     * The exception that makes {@code e} a bad-input failure (an unreadable, missing or malformed file, a video that
     * cannot be decoded, a value out of range), looking through wrappers of the loader; null for other failures.
     */
    static Throwable badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof UncheckedIOException
                    || t instanceof IllegalArgumentException
                    || t instanceof DatasetFormatException
                    || t instanceof MediaException
                    || t instanceof VideoDecodeException
                    || t instanceof TooManyFailuresException) {
                return t;
            }
            if (!(t instanceof LoaderException)) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
