package org.simvtp.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.examples.cli.Launcher;
import org.simvtp.train.recipes.Preset;
import org.simvtp.train.recipes.PretrainJob;
import org.simvtp.train.recipes.PretrainResult;
import org.simvtp.train.recipes.PretrainSettings;

/**
 * A short pre-training of the tiny model on synthetic captioned videos ("a small red circle moves left") written
 * as MP4 files, through the same pipeline as real data: annotation file, decoding, frame sampling, crops,
 * masking, the four losses, checkpoints. Running it again with more steps resumes.
 *
 * <pre>
 * java -cp simvtp.jar org.simvtp.examples.PretrainSyntheticExample synthetic-run 200
 * </pre>
 */
public final class PretrainSyntheticExample {

    private PretrainSyntheticExample() {}

    /**
     * Writes {@code clips} synthetic videos (unless already there) and pre-trains for {@code steps} steps.
     *
     * @param dir working folder: {@code data/} for the videos, {@code run/} for the training outputs
     * @param clips number of synthetic videos
     * @param steps optimizer steps
     * @return the run (final weights in {@code run/model.safetensors})
     * @throws IOException if a file cannot be written
     */
    public static PretrainResult runExample(Path dir, int clips, int steps) throws IOException {
        Path data = dir.resolve("data");
        Path annotations = data.resolve("annotations.json");
        if (!annotations.toFile().isFile()) {
            annotations = SyntheticVideoText.builder()
                    .optSeed(0)
                    .optSize(64, 64)
                    .optFrames(32)
                    .build()
                    .writeDataset(data, clips, VideoCodec.MPEG4);
        }
        PretrainSettings settings = PretrainSettings.builder(annotations, dir.resolve("run"))
                .optPreset(Preset.TINY)
                .optVideoMaskRatio(0.5) // easier than the reference 0.9/0.75 for a few CPU minutes
                .optTextMaskRatio(0.5)
                .optSteps(steps)
                .optBatchSize(4)
                .optLearningRate(1e-3)
                .optWorkers(1)
                .build();
        return PretrainJob.run(settings, System.out);
    }

    /**
     * Runs the example: {@code [DIR] [STEPS]} (default {@code synthetic-run 100}).
     *
     * @param args the arguments
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Launcher.configure();
        Path dir = Path.of(args.length > 0 ? args[0] : "synthetic-run");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        PretrainResult r = runExample(dir, 64, steps);
        System.out.println(
                "losses " + r.training().firstLosses() + " -> " + r.training().lastLosses());
    }
}
