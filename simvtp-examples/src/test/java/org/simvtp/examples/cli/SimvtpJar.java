package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged tool as a user would: {@code java -jar target/simvtp.jar ARGS} in a new process, offline and
 * without telemetry, with the native caches of the build; stdout and stderr go to files (no pipe dead-locks).
 */
final class SimvtpJar {

    /** The jar {@code mvn package} builds. */
    static final Path JAR = Path.of("target", "simvtp.jar");

    /** The outcome of one run. */
    record Result(int exitCode, String stdout, String stderr, List<String> command) {
        /** stdout and stderr together. */
        String output() {
            return stdout + stderr;
        }

        /** A description for assertion messages. */
        String describe() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                    + stderr;
        }
    }

    private SimvtpJar() {}

    /** Runs the tool with a timeout. */
    static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        return run(timeout, Map.of(), args);
    }

    /** Runs the tool with extra environment variables and a timeout; fails the test when the timeout passes. */
    static Result run(Duration timeout, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = command(args);
        Path out = Files.createTempFile("simvtp-it", ".out");
        Path err = Files.createTempFile("simvtp-it", ".err");
        try {
            ProcessBuilder pb =
                    processBuilder(command, env).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("timed out after " + timeout + ": " + String.join(" ", command) + "\n--- stdout\n"
                        + Files.readString(out) + "--- stderr\n" + Files.readString(err));
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8),
                    command);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A process running the tool offline, for commands that keep running (e.g. {@code serve}). */
    static ProcessBuilder processBuilder(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().putAll(env);
        return pb;
    }

    /** The java command line running the packaged tool with {@code args}. */
    static List<String> command(String... args) {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: run 'mvn package' first");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dai.djl.offline=true");
        for (String key : List.of("DJL_CACHE_DIR", "org.bytedeco.javacpp.cachedir")) {
            String value = System.getProperty(key);
            if (value != null) {
                command.add("-D" + key + "=" + value);
            }
        }
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        return command;
    }
}
