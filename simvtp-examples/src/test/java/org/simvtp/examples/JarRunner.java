package org.simvtp.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code simvtp.jar} in a fresh JVM, as a user would, and captures what it prints. */
public final class JarRunner {

    /** The jar under test. */
    public static final Path JAR = Paths.get("target", "simvtp.jar");

    private JarRunner() {}

    /** Outcome of one run. */
    public record Run(int exitCode, String stdout, String stderr) {
        /** Both streams, for assertion messages. */
        public String output() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /**
     * Runs {@code java -jar simvtp.jar args...} with a timeout.
     *
     * @param timeoutSeconds the process is killed after this long
     * @param args command-line arguments
     * @return exit code and output
     */
    public static Run run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run `mvn package` first");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        File out = Files.createTempFile("simvtp-out", ".txt").toFile();
        File err = Files.createTempFile("simvtp-err", ".txt").toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("simvtp " + String.join(" ", args) + " did not finish in " + timeoutSeconds
                    + " s; output so far:\n" + Files.readString(out.toPath(), StandardCharsets.UTF_8));
        }
        try {
            return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
