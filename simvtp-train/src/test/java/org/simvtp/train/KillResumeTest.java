package org.simvtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.checkpoint.CorruptCheckpointException;
import org.simvtp.train.checkpoint.LatestCheckpoint;

/**
 * Crash safety: a training process ({@link KillResumeWorker}, checkpoint after every step) is killed with SIGKILL
 * at seeded random moments — during JVM start-up and resume, between steps, and while a checkpoint is being
 * written (the test watches the checkpoint directory for the store's temporary directory and kills as soon as
 * it appears) — and restarted until it finishes. After every kill every visible checkpoint must verify, the
 * newest one must never go back, and the next process must resume from exactly that step. The final weights and
 * optimizer state must hash the same as an uninterrupted run's.
 */
@Tag("slow")
class KillResumeTest {
    private static final long STEPS = Long.getLong("simvtp.killResume.steps", 30);
    private static final long SEED = Long.getLong("simvtp.killResume.seed", 20_240_602L);
    private static final int MIN_KILLS_DURING_WRITE = 2;
    private static final int MAX_ROUNDS = 20;

    private enum Moment {
        /** A random time after launch, mostly before or during the resume. */
        STARTUP,
        /** A random time after a random number of steps. */
        TRAINING,
        /** As soon as a checkpoint's temporary directory appears. */
        CHECKPOINT_WRITE
    }

    @Test
    void aRunKilledAtRandomMomentsResumesFromValidCheckpointsAndEndsBitIdentical(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Child reference = Child.start(dir.resolve("reference"));
        String expected = reference.awaitDone(180);
        System.out.printf(
                "uninterrupted run: %d steps in %.1f s, hash %s%n", STEPS, (System.nanoTime() - t0) / 1e9, expected);

        Path run = dir.resolve("killed");
        CheckpointStore store = CheckpointStore.builder()
                .setDirectory(run.resolve("checkpoints"))
                .build();
        Random random = new Random(SEED);
        List<Moment> plan = List.of(
                Moment.STARTUP,
                Moment.TRAINING,
                Moment.CHECKPOINT_WRITE,
                Moment.TRAINING,
                Moment.CHECKPOINT_WRITE,
                Moment.STARTUP,
                Moment.CHECKPOINT_WRITE,
                Moment.TRAINING,
                Moment.CHECKPOINT_WRITE,
                Moment.TRAINING,
                Moment.STARTUP,
                Moment.CHECKPOINT_WRITE);
        List<String> rounds = new ArrayList<>();
        long newest = newestValid(store);
        int killsDuringWrite = 0;
        String hash = null;
        for (int round = 0; hash == null && round < MAX_ROUNDS; round++) {
            Moment moment = round < plan.size()
                    ? plan.get(round)
                    : killsDuringWrite < MIN_KILLS_DURING_WRITE ? Moment.CHECKPOINT_WRITE : null;
            Set<String> stale = temporaries(store.directory());
            Child child = Child.start(run);
            long resumeAt = Math.max(newest, 0);
            if (moment == null) {
                hash = child.awaitDone(180);
                assertEquals(resumeAt, child.startStep, "the last run resumed from the newest checkpoint");
                rounds.add(String.format("round %2d: no kill, resumed at %d, finished", round, child.startStep));
                break;
            }
            String when = killAt(child, moment, random, store.directory(), stale);
            if (child.finishedByItself()) {
                hash = child.awaitDone(10);
                rounds.add(String.format("round %2d: %s — finished before the kill", round, moment));
                break;
            }
            Set<String> left = temporaries(store.directory());
            left.removeAll(stale);
            boolean leftTemporary = left.stream().anyMatch(n -> n.contains(".tmp-"));
            if (leftTemporary) {
                killsDuringWrite++;
            }
            if (child.startStep >= 0) {
                assertEquals(
                        resumeAt,
                        child.startStep,
                        "round " + round + " resumed from the newest checkpoint\n" + child.log);
            }
            long now = newestValid(store);
            assertTrue(now >= newest, "the newest valid checkpoint went back from " + newest + " to " + now);
            rounds.add(String.format(
                    "round %2d: %-16s killed %s; resumed at %s, last step %d, newest checkpoint" + " now %d%s",
                    round,
                    moment,
                    when,
                    child.startStep < 0 ? "-" : child.startStep,
                    child.lastStep,
                    now,
                    leftTemporary ? ", a half-written checkpoint left behind" : ""));
            newest = now;
        }
        rounds.forEach(System.out::println);
        System.out.printf(
                "kill rounds: %d, kills during a checkpoint write: %d, total %.1f s%n",
                rounds.size() - 1, killsDuringWrite, (System.nanoTime() - t0) / 1e9);
        if (hash == null) {
            fail("the run did not finish within " + MAX_ROUNDS + " rounds:\n" + String.join("\n", rounds));
        }
        assertEquals(expected, hash, "killed and resumed run vs uninterrupted run (weights + optimizer state)");
        assertTrue(
                killsDuringWrite >= MIN_KILLS_DURING_WRITE,
                "kills that landed during a checkpoint write: " + killsDuringWrite + "\n" + String.join("\n", rounds));
        assertEquals(List.of(STEPS - 1, STEPS), store.steps(), "two newest checkpoints kept");
    }

    /** Kills the child at the chosen kind of moment; returns a description of when. */
    private static String killAt(Child child, Moment moment, Random random, Path checkpoints, Set<String> stale)
            throws Exception {
        switch (moment) {
            case STARTUP -> {
                long delay = 300 + random.nextInt(3000);
                child.sleepUnlessFinished(delay);
            }
            case TRAINING -> {
                int steps = 1 + random.nextInt(4);
                child.awaitSteps(steps);
                child.sleepUnlessFinished(random.nextInt(250));
            }
            case CHECKPOINT_WRITE -> {
                child.awaitSteps(1 + random.nextInt(2));
                while (child.process.isAlive() && !hasNewTemporary(checkpoints, stale)) {
                    Thread.onSpinWait();
                }
            }
            default -> throw new IllegalArgumentException(moment.toString());
        }
        long ms = child.killNow();
        return String.format(
                "at %5d ms after launch (%s steps printed)",
                ms, child.lastStep < 0 ? "no" : child.lastStep - Math.max(child.startStep, 0));
    }

    /** Whether a save in progress has created its hidden temporary directory (not one left by a kill before). */
    private static boolean hasNewTemporary(Path checkpoints, Set<String> stale) {
        try (Stream<Path> list = Files.list(checkpoints)) {
            return list.map(p -> p.getFileName().toString()).anyMatch(n -> n.contains(".tmp-") && !stale.contains(n));
        } catch (IOException e) {
            return false; // not created yet
        }
    }

    /** Names of the store's hidden temporaries ({@code .checkpoint-*.tmp-*}, {@code .trash-*}). */
    private static Set<String> temporaries(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return new HashSet<>();
        }
        try (Stream<Path> list = Files.list(checkpoints)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }

    /** Verifies every visible checkpoint (none may be partial) and returns the newest step, or -1. */
    private static long newestValid(CheckpointStore store) throws IOException {
        for (long step : store.steps()) {
            try {
                store.verify(step);
            } catch (CorruptCheckpointException e) {
                fail("a partial or corrupt checkpoint is visible: " + e.getMessage());
            }
        }
        LatestCheckpoint latest = store.latest();
        assertTrue(latest.skipped().isEmpty(), "latest() had to skip " + latest.skipped());
        return latest.checkpoint().map(c -> c.step()).orElse(-1L);
    }

    /** A running {@link KillResumeWorker} whose output lines are parsed as they come. */
    private static final class Child {
        final Process process;
        final Path hashFile;
        final long launched = System.nanoTime();
        final StringBuffer log = new StringBuffer();
        volatile long startStep = -1;
        volatile long lastStep = -1;
        volatile String done;
        volatile boolean killed;
        private final Thread reader;

        private Child(Process process, Path hashFile) {
            this.process = process;
            this.hashFile = hashFile;
            this.reader = new Thread(this::read, "kill-resume-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path run) throws IOException {
            Files.createDirectories(run);
            ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(
                            KillResumeWorker.class,
                            List.of(),
                            List.of(
                                    Long.toString(STEPS),
                                    run.resolve("checkpoints").toString(),
                                    run.resolve("final.sha256").toString())))
                    .redirectErrorStream(true);
            ChildJvm.configure(pb.environment());
            return new Child(pb.start(), run.resolve("final.sha256"));
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    log.append(line).append('\n');
                    if (line.startsWith("START ")) {
                        startStep = Long.parseLong(line.substring(6).trim());
                    } else if (line.startsWith("STEP ")) {
                        lastStep = Long.parseLong(line.substring(5).trim());
                    } else if (line.startsWith("DONE ")) {
                        done = line.substring(5).trim();
                    }
                }
            } catch (IOException e) {
                log.append("(output closed: ").append(e).append(")\n");
            }
        }

        void awaitSteps(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (process.isAlive() && (startStep < 0 || lastStep < startStep + n)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no progress within 120 s:\n" + log);
                }
                Thread.sleep(1);
            }
        }

        void sleepUnlessFinished(long millis) throws InterruptedException {
            process.waitFor(millis, TimeUnit.MILLISECONDS);
        }

        /** SIGKILL (on Linux), then waits; returns milliseconds since launch at the kill. */
        long killNow() throws InterruptedException {
            long ms = (System.nanoTime() - launched) / 1_000_000;
            if (process.isAlive()) {
                killed = true;
                process.destroyForcibly();
            }
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed process gone");
            reader.join(5000);
            return ms;
        }

        boolean finishedByItself() {
            return !killed && !process.isAlive();
        }

        String awaitDone(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the run did not finish within " + seconds + " s:\n" + log);
            }
            reader.join(5000);
            assertEquals(0, process.exitValue(), log.toString());
            assertTrue(done != null, "no DONE line:\n" + log);
            String written = Files.readString(hashFile, StandardCharsets.US_ASCII);
            assertEquals(done, written, "hash file");
            return written;
        }
    }
}
