package org.simvtp.train.recipes;

import java.nio.file.Path;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.train.TrainingSummary;

/**
 * What {@link PretrainJob} produced.
 *
 * @param training the steps of this invocation ({@code startStep > 0} after a resume)
 * @param config the model configuration
 * @param weights the final weights ({@code model.safetensors}, loadable with {@code Simvtp.load}); null on ranks
 *     other than 0
 * @param lossPlot the loss plot over every step of the run, or null
 * @param metrics the per-step metrics file
 */
public record PretrainResult(TrainingSummary training, SimvtpConfig config, Path weights, Path lossPlot, Path metrics) {

    /**
     * Whether this invocation continued from a checkpoint.
     *
     * @return true after a resume
     */
    public boolean resumed() {
        return training.startStep() > 0;
    }
}
