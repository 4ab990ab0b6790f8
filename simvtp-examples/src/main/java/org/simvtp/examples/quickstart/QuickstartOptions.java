package org.simvtp.examples.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import org.simvtp.core.SimvtpConfig;

/**
 * Settings of the quick-start job.
 *
 * @param outputDir where checkpoints, metrics, plots and images go
 * @param budget wall-time budget of the pre-training
 * @param maxSteps optimizer steps the schedule is planned for (training stops earlier when the budget ends)
 * @param trainClips synthetic training clips
 * @param testClips held-out synthetic clips for zero-shot retrieval
 * @param batchSize clips per step
 * @param learningRate peak learning rate
 * @param seed seed of data, masks and initialisation
 * @param config the model (the {@link SimvtpConfig#tiny()} preset by default)
 */
public record QuickstartOptions(
        Path outputDir, Duration budget, int maxSteps, int trainClips, int testClips, int batchSize,
        double learningRate, long seed, SimvtpConfig config) {

    /** The defaults of {@code simvtp quickstart}: 3 minutes, tiny preset, 512 clips, 100 held out. */
    public static QuickstartOptions defaults(Path outputDir) {
        return new QuickstartOptions(outputDir, Duration.ofMinutes(3), 600, 512, 100, 16, 1e-3, 0,
                SimvtpConfig.tiny());
    }
}
