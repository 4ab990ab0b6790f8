package org.simvtp.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.simvtp.examples.cli.Launcher;
import org.simvtp.models.facade.Reconstruction;
import org.simvtp.models.facade.Simvtp;

/**
 * Masks 90% of a clip's patches and 75% of its caption (the reference ratios, or the checkpoint's) and lets a
 * pre-training checkpoint fill them in; writes the original | masked | reconstructed grid as a PNG.
 *
 * <pre>
 * java -cp simvtp.jar org.simvtp.examples.ReconstructionExample pretrain.pth clip.mp4 "a man plays the guitar" out.png
 * </pre>
 */
public final class ReconstructionExample {

    private ReconstructionExample() {}

    /**
     * Reconstructs a video and its caption.
     *
     * @param checkpoint a pre-training checkpoint
     * @param video the video
     * @param caption its caption
     * @param png where the image grid is written
     * @return the reconstruction (frames and the three captions)
     * @throws IOException if the checkpoint cannot be read or the PNG cannot be written
     */
    public static Reconstruction runExample(Path checkpoint, Path video, String caption, Path png) throws IOException {
        try (Simvtp simvtp = Simvtp.load(checkpoint)) {
            Reconstruction r = simvtp.reconstruct(video, caption);
            r.writePng(png);
            return r;
        }
    }

    /**
     * Runs the example: {@code CHECKPOINT VIDEO CAPTION PNG}.
     *
     * @param args the arguments
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Launcher.configure();
        if (args.length != 4) {
            System.err.println("usage: ReconstructionExample CHECKPOINT VIDEO CAPTION PNG");
            System.exit(2);
        }
        System.out.println(runExample(Path.of(args[0]), Path.of(args[1]), args[2], Path.of(args[3]))
                .summary());
    }
}
