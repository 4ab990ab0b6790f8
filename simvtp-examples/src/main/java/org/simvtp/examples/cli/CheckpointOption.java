package org.simvtp.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.simvtp.models.facade.ModelLocator;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.train.recipes.Checkpoints;
import picocli.CommandLine.Option;

/** The {@code --checkpoint} option of the inference commands; without it the official weights are used. */
final class CheckpointOption {

    @Option(
            names = "--checkpoint",
            paramLabel = "CKPT",
            description = "Model checkpoint (.pth/.pt or .safetensors, pre-training or fine-tuned); default: the "
                    + "official weights in the model folder (-D" + ModelLocator.DIRECTORY_PROPERTY + ", $"
                    + ModelLocator.DIRECTORY_ENV + " or ~/.simvtp).")
    Path checkpoint;

    /** Opens the model with the given options. */
    Simvtp open(SimvtpOptions options) throws IOException {
        return Checkpoints.open(checkpoint, options);
    }
}
