package org.simvtp.examples.cli;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Reconstruction;
import org.simvtp.models.facade.ReconstructionOptions;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvtp visualize}: masked reconstruction of a clip and its caption. */
@Command(
        name = "visualize",
        mixinStandardHelpOptions = true,
        description = {
            "Mask a video's centre clip and its caption and show what a pre-training checkpoint fills in.",
            "Writes a PNG grid (rows: original | visible patches | reconstruction, one column per frame) and "
                    + "prints the original, masked and predicted captions. By default frames are enlarged "
                    + "(nearest neighbour) to at least " + ReconstructionOptions.MIN_FRAME_PIXELS + " pixels and the "
                    + "rows are labelled in a left margin; --native-size writes the bare T*W x 3*H grid.",
            "Exit codes: 0 done, 2 bad usage, 3 unreadable video or checkpoint (or not a pre-training one), "
                    + "4 internal error."
        })
final class VisualizeCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "The video.")
    Path video;

    @Option(names = "--caption", required = true, paramLabel = "TEXT", description = "Its caption.")
    String caption;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The image to write.")
    Path out;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "S",
            description = "Seed of the video and caption masks (default ${DEFAULT-VALUE}).")
    long seed;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Size size;

    /** Either native size or a fixed enlargement. */
    static final class Size {
        @Option(
                names = "--native-size",
                description = "One pixel per model pixel and no row labels (the T*W x 3*H grid).")
        boolean nativeSize;

        @Option(
                names = "--scale",
                paramLabel = "N",
                description = "Enlarge each model pixel to N x N pixels " + "(1-64; default: frames of at least "
                        + ReconstructionOptions.MIN_FRAME_PIXELS + " pixels).")
        Integer scale;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReconstructionOptions.Builder options = ReconstructionOptions.builder().optSeed(seed);
        if (size != null && size.nativeSize) {
            options.optNativeSize();
        } else if (size != null && size.scale != null) {
            Usage.require(spec, size.scale >= 1 && size.scale <= 64, "--scale must be in [1, 64], got " + size.scale);
            options.optScale(size.scale);
        }
        ReconstructionOptions built = options.build();
        if (!Files.isRegularFile(video)) {
            throw new FileNotFoundException("video " + video + " does not exist");
        }
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults())) {
            if (simvtp.kind() != ModelKind.PRETRAINING) {
                throw new IllegalArgumentException("checkpoint " + simvtp.source() + " is a fine-tuned two-tower "
                        + "model; reconstruction needs a pre-training checkpoint (decoder and caption head)");
            }
            Reconstruction r = simvtp.reconstruct(video, caption, built);
            r.writePng(out);
            BufferedImage image = r.toImage();
            System.out.println(r.summary());
            System.out.println("wrote " + out + " (" + image.getWidth() + "x" + image.getHeight() + ")");
        }
        return 0;
    }
}
