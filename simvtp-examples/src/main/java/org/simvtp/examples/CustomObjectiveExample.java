package org.simvtp.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.loader.InMemoryClipSource;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.examples.cli.Launcher;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.nn.Initializers;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.models.objective.EncoderPass;
import org.simvtp.models.objective.Losses;
import org.simvtp.models.objective.Objective;
import org.simvtp.models.objective.PretrainStep;
import org.simvtp.train.Trainer;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.TrainingSummary;
import org.simvtp.train.pretrain.LoaderPretrainSource;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainBatchAssembler;
import org.simvtp.train.pretrain.PretrainTask;

/**
 * Adds an objective the library does not have, without touching library classes: besides the reference's four
 * losses, the model learns to predict each clip's mean colour from its pooled video embedding. The objective owns
 * a small linear head ({@code mean_colour.weight}, {@code mean_colour.bias}) that is trained and saved with the
 * model. About 30 steps of the tiny model on synthetic clips, then each objective's first and last loss.
 *
 * <pre>
 * java -cp simvtp-examples/target/simvtp.jar:simvtp-examples/target/lib/* org.simvtp.examples.CustomObjectiveExample 30
 * </pre>
 */
public final class CustomObjectiveExample {

    private CustomObjectiveExample() {}

    /** Predicts the per-channel mean of the (normalised) clip from the mean-pooled video-only pass. */
    static final class MeanColourObjective implements Objective {
        private final ColourHead head;

        MeanColourObjective(int width) {
            head = new ColourHead(width);
        }

        @Override
        public String name() {
            return "mean_colour";
        }

        @Override
        public double weight() {
            return 1.0;
        }

        @Override
        public Set<EncoderPass> passes() {
            return EnumSet.of(EncoderPass.VIDEO); // the VTC objective runs this pass anyway: no extra encoder work
        }

        @Override
        public Optional<ReferenceBlock> block() {
            return Optional.of(head);
        }

        @Override
        public NDArray loss(PretrainStep step) {
            NDArray video = step.inputs().video(); // [B, 3, T, H, W]
            NDArray target = video.reshape(step.batchSize(), 3, -1).mean(new int[] {2}); // [B, 3]
            NDArray prediction = head.predict(step.videoFeatures()); // [B, D] -> [B, 3]
            step.publish("mean_colour_prediction", prediction);
            return Losses.meanSquaredError(prediction, target);
        }
    }

    /** A linear layer D → 3 with reference-style parameter names. */
    static final class ColourHead extends ReferenceBlock {
        private final Parameter weight;
        private final Parameter bias;

        ColourHead(int width) {
            weight = param("weight", Parameter.Type.WEIGHT, new Shape(3, width), Initializers.xavierUniform());
            bias = param("bias", Parameter.Type.BIAS, new Shape(3), Initializers.zeros());
        }

        NDArray predict(NDArray pooled) {
            return Layers.linear(pooled, weight(weight, pooled), weight(bias, pooled));
        }
    }

    /**
     * Trains the tiny model with the reference objectives plus {@link MeanColourObjective}.
     *
     * @param steps optimizer steps
     * @return each loss key's first and last value, e.g. {@code loss_mean_colour → [first, last]}
     */
    public static Map<String, double[]> runExample(int steps) {
        SimvtpConfig config = SimvtpConfig.tiny().toBuilder()
                .optVideoMaskRatio(0.5)
                .optTextMaskRatio(0.5)
                .build();
        Supplier<SimvtpPretrainModel> models = () -> SimvtpPretrainModel.builder()
                .setConfig(config)
                .optMode(ExecutionMode.EFFICIENT)
                .addObjective(new MeanColourObjective(config.encoderWidth())) // after the reference's four
                .build();
        VideoTextLoader loader = VideoTextLoader.builder()
                .setSource(InMemoryClipSource.fromSynthetic(
                        SyntheticVideoText.builder()
                                .optSeed(0)
                                .optSize(config.imageSize(), config.imageSize())
                                .optFrames(config.numFrames() * 2)
                                .build()
                                .generate(64),
                        PretrainFrameSampler.forConfig(config),
                        ClipTransform.pretrain(config.imageSize())))
                .setBatchSize(8)
                .optSeed(0)
                .optWorkers(1)
                .build();
        TrainerConfig trainerConfig = TrainerConfig.builder()
                .optTotalSteps(steps)
                .optWarmupSteps(Math.max(1, steps / 10))
                .optBaseLr(1e-3)
                .optMinLr(1e-4)
                .optSeed(0)
                .build();
        try (BertTokenizer tokenizer = BertTokenizer.create();
                LoaderPretrainSource batches =
                        new LoaderPretrainSource(loader, new PretrainBatchAssembler(models.get(), tokenizer), 0);
                Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(new PretrainTask(models))
                        .optConfig(trainerConfig)
                        .build()) {
            TrainingSummary summary = trainer.fit(batches);
            Map<String, double[]> out = new LinkedHashMap<>();
            summary.firstLosses()
                    .forEach((k, v) ->
                            out.put(k, new double[] {v, summary.lastLosses().get(k)}));
            return out;
        }
    }

    /**
     * Runs the example: {@code [STEPS]} (default 30); prints each objective's first and last loss.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Launcher.configure();
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        for (Map.Entry<String, double[]> e : runExample(steps).entrySet()) {
            System.out.printf("%-18s first %8.4f   last %8.4f%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
    }

    static List<String> lossKeys() {
        return List.of("loss", "loss_v", "loss_t", "loss_vtc", "loss_vtm", "loss_mean_colour");
    }
}
