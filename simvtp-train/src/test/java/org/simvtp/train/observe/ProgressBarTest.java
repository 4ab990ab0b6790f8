package org.simvtp.train.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.simvtp.train.StepRecord;
import org.simvtp.train.TrainingSummary;

class ProgressBarTest {

    static final Map<String, Double> LOSSES =
            Map.of("loss", 5.1234, "loss_v", 0.98, "loss_t", 3.1, "loss_vtc", 0.8, "loss_vtm", 0.7);

    static StepRecord step(long step, long total) {
        return new StepRecord(step, total, 1e-4, LOSSES, 8, 0.5, false, 1.5);
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ciModePrintsFirstMultiplesAndLastStepAsFullLines() {
        ProgressBar bar = ProgressBar.builder(out)
                .optInteractive(false)
                .optEverySteps(5)
                .optClock(clock::get)
                .build();
        bar.onStart(0, 12);
        for (int s = 1; s <= 12; s++) {
            bar.onStep(step(s, 12));
        }
        String text = output();
        assertFalse(text.contains("\r"), "no carriage returns in CI mode");
        List<String> lines = text.lines().toList();
        assertEquals(4, lines.size(), text);
        assertEquals(
                "step 1/12   8% [#...................]  16.0 clips/s  ETA 6s  lr 1.00e-04  gn 1.50"
                        + " | loss 5.12 | v 0.98 t 3.10 vtc 0.80 vtm 0.70",
                lines.get(0));
        assertTrue(
                lines.get(1).startsWith("step 5/12  41% [########............]  16.0 clips/s  ETA 4s"), lines.get(1));
        assertTrue(lines.get(2).startsWith("step 10/12  83% "), lines.get(2));
        assertTrue(
                lines.get(3).startsWith("step 12/12 100% [####################]  16.0 clips/s  ETA 0s"), lines.get(3));
    }

    @Test
    void ciModeAlsoPrintsWhenTheIntervalHasPassed() {
        ProgressBar bar = ProgressBar.builder(out)
                .optInteractive(false)
                .optEverySteps(1000)
                .optMinIntervalSeconds(10)
                .optClock(clock::get)
                .build();
        bar.onStart(0, 100);
        bar.onStep(step(1, 100));
        bar.onStep(step(2, 100));
        clock.addAndGet(10_500_000_000L);
        bar.onStep(step(3, 100));
        bar.onStep(step(4, 100));
        List<String> lines = output().lines().toList();
        assertEquals(2, lines.size(), output());
        assertTrue(lines.get(1).startsWith("step 3/100"), lines.get(1));
    }

    @Test
    void skippedStepsShowNanAndACount() {
        ProgressBar bar =
                ProgressBar.builder(out).optInteractive(false).optEverySteps(1).build();
        bar.onStart(0, 4);
        bar.onStep(
                new StepRecord(1, 4, 1e-4, Map.of("loss", Double.NaN, "loss_v", Double.NaN), 8, 0.5, true, Double.NaN));
        String line = output().lines().findFirst().orElseThrow();
        assertTrue(line.endsWith("lr 1.00e-04  skipped 1 | loss nan | v nan"), line);
    }

    @Test
    void finalLineHasTotalsAndCheckpointsGetTheirOwnLine() {
        ProgressBar bar = ProgressBar.builder(out).optInteractive(false).build();
        bar.onStart(10, 20);
        List<StepRecord> history = new ArrayList<>();
        for (int s = 11; s <= 20; s++) {
            history.add(step(s, 20));
            bar.onStep(history.get(history.size() - 1));
        }
        bar.onCheckpoint(20, Path.of("ckpt", "checkpoint-20"));
        bar.onEnd(new TrainingSummary(10, 20, 1, LOSSES, LOSSES, 65, 80, history));
        List<String> lines = output().lines().toList();
        assertEquals("resuming at step 10/20", lines.get(0));
        assertEquals("checkpoint at step 20: " + Path.of("ckpt", "checkpoint-20"), lines.get(lines.size() - 2));
        assertEquals(
                "done 10 steps (10->20) in 1m05s  1.2 clips/s  80 clips  1 skipped"
                        + " | loss 5.12 | v 0.98 t 3.10 vtc 0.80 vtm 0.70",
                lines.get(lines.size() - 1));
    }

    @Test
    void terminalModeRedrawsOneLineInPlace() {
        ProgressBar bar = ProgressBar.builder(out).optInteractive(true).build();
        bar.onStart(0, 3);
        bar.onStep(step(1, 3));
        bar.onStep(new StepRecord(2, 3, 1e-4, Map.of("loss", 1.0), 8, 0.5, false, 1.0));
        String text = output();
        assertFalse(text.contains("\n"), "no newline while running");
        assertEquals(2, text.chars().filter(c -> c == '\r').count());
        String[] frames = text.split("\r");
        assertEquals(frames[1].length(), frames[2].length(), "a shorter line is padded to erase the longer one");
        bar.onEnd(new TrainingSummary(0, 2, 0, LOSSES, LOSSES, 1, 16, List.of()));
        assertTrue(output().contains("\ndone 2 steps"), output());
    }

    @Test
    void numbersAndDurationsAreCompact() {
        assertEquals("5.12", ProgressBar.number(5.1234));
        assertEquals("0.0123", ProgressBar.number(0.012345));
        assertEquals("123.5", ProgressBar.number(123.45));
        assertEquals("0.00", ProgressBar.number(0.0));
        assertEquals("inf", ProgressBar.number(Double.POSITIVE_INFINITY));
        assertEquals("59s", ProgressBar.duration(59.4));
        assertEquals("4m05s", ProgressBar.duration(245));
        assertEquals("3h07m", ProgressBar.duration(3 * 3600 + 7 * 60 + 3));
        assertEquals("2d04h", ProgressBar.duration(2 * 86400 + 4 * 3600));
    }
}
