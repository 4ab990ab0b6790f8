package org.simvtp.train.recipes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.loader.InMemoryClipSource;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Reconstruction;
import org.simvtp.models.facade.ReconstructionOptions;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.train.Trainer;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.TrainingSummary;
import org.simvtp.train.eval.EmbeddingModel;
import org.simvtp.train.eval.RetrievalEvaluator;
import org.simvtp.train.eval.RetrievalItem;
import org.simvtp.train.eval.RetrievalResult;
import org.simvtp.train.eval.TestViews;
import org.simvtp.train.observe.JsonlMetricsWriter;
import org.simvtp.train.observe.LossPlot;
import org.simvtp.train.observe.RunManifest;
import org.simvtp.train.pretrain.LoaderPretrainSource;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainBatchAssembler;
import org.simvtp.train.pretrain.PretrainTask;

/**
 * The main job of the project, end to end on a laptop CPU: make a synthetic captioned video set ("a small red
 * circle moves left"), pre-train the tiny SimVTP preset on it through the real data pipeline (frame sampling,
 * multi-scale crops, tokenisation, tube and text masking) with the four reference losses, evaluate zero-shot
 * text-to-video retrieval on held-out clips, and write a reconstruction PNG, a loss plot, metrics and
 * checkpoints.
 *
 * <pre>{@code
 * QuickstartResult r = QuickstartJob.run(QuickstartOptions.defaults(Path.of("simvtp-output")), System.out);
 * System.out.println(r.zeroShot().format());
 * }</pre>
 */
public final class QuickstartJob {

    /** Frames rendered per synthetic clip: the test sampler takes every 4th, so 4 · numFrames. */
    private static final int STRIDE = 4;

    private QuickstartJob() {}

    /**
     * Runs the job.
     *
     * @param options settings
     * @param out where progress and results are printed
     * @return what was produced
     * @throws IOException if an output file cannot be written
     */
    public static QuickstartResult run(QuickstartOptions options, PrintStream out) throws IOException {
        SimvtpConfig config = options.config();
        Path dir = options.outputDir().toAbsolutePath();
        Files.createDirectories(dir);
        out.printf(
                "SimVTP quick-start: %s, %d synthetic clips (+%d held out), budget %ds, output %s%n",
                describe(config),
                options.trainClips(),
                options.testClips(),
                options.budget().toSeconds(),
                dir);

        SyntheticVideoText generator = SyntheticVideoText.builder()
                .optSeed(options.seed())
                .optSize(config.imageSize(), config.imageSize())
                .optFrames(config.numFrames() * STRIDE)
                .build();
        List<SyntheticSample> train = generator.generate(options.trainClips());
        List<SyntheticSample> heldOut = SyntheticVideoText.builder()
                .optSeed(options.seed() + 1_000_003L)
                .optSize(config.imageSize(), config.imageSize())
                .optFrames(config.numFrames() * STRIDE)
                .build()
                .generate(options.testClips());

        TrainingSummary summary;
        Path checkpoint = dir.resolve("simvtp-tiny.safetensors");
        RetrievalResult zeroShot;
        Path reconstructionPng = dir.resolve("reconstruction.png");
        Reconstruction reconstruction;
        try (BertTokenizer tokenizer = BertTokenizer.create()) {
            VideoTextLoader loader = VideoTextLoader.builder()
                    .setSource(InMemoryClipSource.fromSynthetic(
                            train, PretrainFrameSampler.forConfig(config), ClipTransform.pretrain(config.imageSize())))
                    .setBatchSize(options.batchSize())
                    .optSeed(options.seed())
                    .optWorkers(1)
                    .build();
            TrainerConfig trainerConfig = TrainerConfig.builder()
                    .optTotalSteps(options.maxSteps())
                    .optWarmupSteps(Math.max(1, options.maxSteps() / 20))
                    .optBaseLr(options.learningRate())
                    .optMinLr(options.learningRate() / 10)
                    .optSeed(options.seed())
                    .optCheckpointEvery(100)
                    .build();
            RunManifest manifest = RunManifest.builder()
                    .optName("quickstart")
                    .optModelConfig(config)
                    .optTrainerConfig(trainerConfig)
                    .addSeed("seed", options.seed())
                    .optData("synthetic video-text, " + options.trainClips() + " clips")
                    .build();
            try (LoaderPretrainSource batches = new LoaderPretrainSource(
                            loader, new PretrainBatchAssembler(config, tokenizer), options.seed());
                    RunOutputs outputs = RunOutputs.create(dir, true, out);
                    Trainer<SimvtpPretrainModel, PretrainBatch> trainer = outputs.attach(
                                    Trainer.builder(new PretrainTask(config))
                                            .optConfig(trainerConfig)
                                            .optMaxDuration(options.budget()),
                                    manifest,
                                    2)
                            .addListener(LossPlot.builder().build().listener(outputs.lossPlot()))
                            .build()) {
                summary = trainer.fit(batches);
                Simvtp.saveWeights(trainer.model(), config, ModelKind.PRETRAINING, checkpoint);
                out.println("Zero-shot retrieval on " + heldOut.size() + " held-out clips ...");
                zeroShot = RetrievalEvaluator.builder(EmbeddingModel.zeroShot(trainer.model()), tokenizer::encodeBatch)
                        .optViews(TestViews.forConfig(config))
                        .build()
                        .evaluate(items(heldOut));
            }
        }
        try (Simvtp simvtp = Simvtp.load(checkpoint)) {
            SyntheticSample sample = heldOut.get(0);
            ClipTensor clip =
                    TestViews.forConfig(config).fromFrames(sample.frames()).get(0);
            reconstruction = simvtp.reconstruct(clip.data(), sample.caption(), ReconstructionOptions.defaults());
            reconstruction.writePng(reconstructionPng);
        }
        Files.writeString(dir.resolve("retrieval.json"), zeroShot.toJson());
        QuickstartResult result = new QuickstartResult(
                summary,
                zeroShot,
                checkpoint,
                dir.resolve("loss.png"),
                reconstructionPng,
                dir.resolve(JsonlMetricsWriter.FILE_NAME),
                reconstruction.summary());
        out.print(result.report());
        return result;
    }

    private static List<RetrievalItem> items(List<SyntheticSample> samples) {
        List<RetrievalItem> items = new ArrayList<>();
        for (SyntheticSample s : samples) {
            items.add(RetrievalItem.ofFrames(String.format("synthetic-%05d", s.id()), s.frames(), s.caption()));
        }
        return items;
    }

    private static String describe(SimvtpConfig c) {
        return String.format(
                "encoder %dx%d (%d heads), decoder %dx%d, %d frames of %dx%d, mask %.2f/%.2f",
                c.encoderWidth(),
                c.encoderDepth(),
                c.encoderHeads(),
                c.decoderWidth(),
                c.decoderDepth(),
                c.numFrames(),
                c.imageSize(),
                c.imageSize(),
                c.videoMaskRatio(),
                c.textMaskRatio());
    }
}
