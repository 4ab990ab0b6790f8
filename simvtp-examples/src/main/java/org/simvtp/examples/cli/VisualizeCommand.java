package org.simvtp.examples.cli;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Reconstruction;
import org.simvtp.models.facade.ReconstructionOptions;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simvtp visualize}: masked reconstruction of a clip and its caption. */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = {"Mask a video's centre clip and its caption and show what a pre-training checkpoint fills in.",
            "Writes a PNG grid (rows: original | visible patches | reconstruction, one column per frame) and "
                + "prints the original, masked and predicted captions.",
            "Exit codes: 0 done, 2 bad usage, 3 unreadable video or checkpoint (or not a pre-training one), "
                + "4 internal error."})
final class VisualizeCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "The video.")
    Path video;

    @Option(names = "--caption", required = true, paramLabel = "TEXT", description = "Its caption.")
    String caption;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The image to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the video and caption masks (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(video)) {
            throw new FileNotFoundException("video " + video + " does not exist");
        }
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults())) {
            if (simvtp.kind() != ModelKind.PRETRAINING) {
                throw new IllegalArgumentException("checkpoint " + simvtp.source() + " is a fine-tuned two-tower "
                        + "model; reconstruction needs a pre-training checkpoint (decoder and caption head)");
            }
            Reconstruction r = simvtp.reconstruct(video, caption,
                    ReconstructionOptions.builder().optSeed(seed).build());
            r.writePng(out);
            System.out.println(r.summary());
            System.out.println("wrote " + out + " (" + r.frames() * r.width() + "x" + 3 * r.height() + ")");
        }
        return 0;
    }
}
