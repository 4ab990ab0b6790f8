package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.train.recipes.QuickstartJob;
import org.simvtp.train.recipes.QuickstartOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvtp quickstart}: the main job on the built-in synthetic video-text set. */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = {
            "Pre-train the tiny preset on a synthetic video-text set, evaluate zero-shot retrieval",
            "on held-out clips and write a reconstruction PNG, a loss plot, metrics and checkpoints.",
            "Exit codes: 0 done, 2 bad usage, 3 unwritable output folder, 4 internal error."
        })
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "simvtp-output", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--minutes",
            defaultValue = "3",
            description = "Pre-training time budget (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--steps", defaultValue = "600", description = "Steps the schedule is planned for.")
    int steps;

    @Option(names = "--clips", defaultValue = "512", description = "Synthetic training clips.")
    int clips;

    @Option(names = "--test-clips", defaultValue = "100", description = "Held-out clips for retrieval.")
    int testClips;

    @Option(names = "--batch", defaultValue = "16", description = "Clips per step.")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate.")
    double lr;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of data, masks and initialisation.")
    long seed;

    @Option(
            names = "--video-mask",
            defaultValue = "0.5",
            description = "Video mask ratio (default ${DEFAULT-VALUE}; the reference uses 0.9, see README).")
    double videoMask;

    @Option(
            names = "--text-mask",
            defaultValue = "0.5",
            description = "Text mask ratio (default ${DEFAULT-VALUE}; the reference uses 0.75, see README).")
    double textMask;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Usage.require(spec, minutes > 0 && Double.isFinite(minutes), "--minutes must be positive, got " + minutes);
        Usage.require(spec, steps >= 1, "--steps must be positive, got " + steps);
        Usage.require(
                spec,
                batch >= 2,
                "--batch must be at least 2 (video-text matching draws its negatives " + "within the batch), got "
                        + batch);
        Usage.require(spec, clips >= batch, "--clips must be at least --batch (" + batch + "), got " + clips);
        Usage.require(spec, testClips >= 2, "--test-clips must be at least 2, got " + testClips);
        Usage.require(spec, lr > 0 && Double.isFinite(lr), "--lr must be positive, got " + lr);
        SimvtpConfig config = Usage.build(spec, () -> SimvtpConfig.tiny().toBuilder()
                .optVideoMaskRatio(videoMask)
                .optTextMaskRatio(textMask)
                .build());
        QuickstartJob.run(
                new QuickstartOptions(
                        out,
                        Duration.ofMillis((long) (minutes * 60_000)),
                        steps,
                        clips,
                        testClips,
                        batch,
                        lr,
                        seed,
                        config),
                System.out);
        return 0;
    }
}
