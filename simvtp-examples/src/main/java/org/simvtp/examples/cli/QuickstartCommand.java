package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.train.recipes.QuickstartJob;
import org.simvtp.train.recipes.QuickstartOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simvtp quickstart}: the main job on the built-in synthetic video-text set. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Pre-train the tiny preset on a synthetic video-text set, evaluate zero-shot retrieval",
            "on held-out clips and write a reconstruction PNG, a loss plot, metrics and checkpoints."})
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "simvtp-output", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--minutes", defaultValue = "3", description = "Pre-training time budget (default ${DEFAULT-VALUE}).")
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

    @Option(names = "--video-mask", defaultValue = "0.5",
            description = "Video mask ratio (default ${DEFAULT-VALUE}; the reference uses 0.9, see README).")
    double videoMask;

    @Option(names = "--text-mask", defaultValue = "0.5",
            description = "Text mask ratio (default ${DEFAULT-VALUE}; the reference uses 0.75, see README).")
    double textMask;

    @Override
    public Integer call() throws Exception {
        SimvtpConfig.Builder config = SimvtpConfig.tiny().toBuilder().videoMaskRatio(videoMask)
                .textMaskRatio(textMask);
        QuickstartJob.run(new QuickstartOptions(out, Duration.ofMillis((long) (minutes * 60_000)), steps, clips,
                testClips, batch, lr, seed, config.build()), System.out);
        return 0;
    }
}
