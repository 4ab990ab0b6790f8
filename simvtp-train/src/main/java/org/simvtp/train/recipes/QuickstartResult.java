package org.simvtp.train.recipes;

import java.nio.file.Path;
import java.util.Map;
import org.simvtp.train.TrainingSummary;
import org.simvtp.train.eval.RetrievalResult;

/**
 * What the quick-start produced.
 *
 * @param training the pre-training run
 * @param zeroShot zero-shot retrieval on held-out clips
 * @param checkpoint trained weights (safetensors, loadable with {@code Simvtp.load})
 * @param lossPlot loss and learning-rate curves (PNG)
 * @param reconstruction original | masked | reconstructed frames of a held-out clip (PNG)
 * @param metrics per-step metrics (JSON lines)
 * @param captions the reconstruction's original, masked and predicted captions
 */
public record QuickstartResult(
        TrainingSummary training,
        RetrievalResult zeroShot,
        Path checkpoint,
        Path lossPlot,
        Path reconstruction,
        Path metrics,
        String captions) {

    /** A human-readable summary: losses first → last, retrieval next to chance, where the files are. */
    public String report() {
        StringBuilder sb = new StringBuilder("\nPre-training: ")
                .append(training.finalStep() - training.startStep())
                .append(" steps in ")
                .append(String.format("%.0f s (%.1f clips/s)", training.seconds(), training.samplesPerSecond()))
                .append('\n');
        for (Map.Entry<String, Double> e : training.lastLosses().entrySet()) {
            Double first = training.firstLosses().get(e.getKey());
            sb.append(String.format(
                    "  %-9s %8.4f -> %8.4f%n", e.getKey(), first == null ? Double.NaN : first, e.getValue()));
        }
        sb.append(zeroShot.format()).append('\n');
        sb.append(captions).append('\n');
        sb.append("Files:\n")
                .append("  weights         ")
                .append(checkpoint)
                .append('\n')
                .append("  loss plot       ")
                .append(lossPlot)
                .append('\n')
                .append("  reconstruction  ")
                .append(reconstruction)
                .append('\n')
                .append("  metrics         ")
                .append(metrics)
                .append('\n');
        return sb.toString();
    }
}
