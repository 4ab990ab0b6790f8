package org.simvtp.train.recipes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.loader.VideoFileSource;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.checkpoint.LoadReport;
import org.simvtp.models.facade.ConfigJson;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.train.Trainer;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.TrainingSummary;
import org.simvtp.train.distributed.DistributedConfig;
import org.simvtp.train.distributed.GlooProcessGroup;
import org.simvtp.train.distributed.ProcessGroup;
import org.simvtp.train.observe.RunManifest;
import org.simvtp.train.pretrain.LoaderPretrainSource;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainBatchAssembler;
import org.simvtp.train.pretrain.PretrainTask;
import org.simvtp.train.schedule.LrScaling;

/**
 * SimVTP pre-training on annotated video files (spec §5.1, §6): the reference data pipeline (16·stride-4 frames,
 * multi-scale crops), tube and caption masking and the four losses, AdamW with warm-up and cosine decay, learning
 * rate scaled to the global batch. The run folder holds {@code config.json} (the model configuration, so a
 * re-run resumes the same model), {@code checkpoints/} (resumed from automatically), {@code metrics.jsonl},
 * {@code loss.png} and the final {@code model.safetensors}. With {@link PretrainSettings#distributed()} the
 * process joins a multi-process run described by the environment ({@code RANK}, {@code WORLD_SIZE},
 * {@code SIMVTP_RENDEZVOUS}, ...; docs/distributed.md) and loads its shard of every global batch.
 *
 * <pre>{@code
 * PretrainResult r = PretrainJob.run(PretrainSettings.builder(Path.of("webvid.json"), Path.of("run"))
 *         .optPreset(Preset.SMALL).optSteps(10_000).build(), System.out);
 * }</pre>
 */
public final class PretrainJob {

    /** Name of the saved model configuration in the run folder. */
    public static final String CONFIG_FILE = "config.json";
    /** Name of the final weights in the run folder. */
    public static final String WEIGHTS_FILE = "model.safetensors";

    private PretrainJob() {}

    /**
     * Runs (or resumes) the pre-training.
     *
     * @param settings the settings
     * @param out where progress and results are printed
     * @return what was produced
     * @throws IOException if an input cannot be read or an output cannot be written
     * @throws IllegalArgumentException if the inputs do not fit together (e.g. another model in the run folder)
     */
    public static PretrainResult run(PretrainSettings settings, PrintStream out) throws IOException {
        DistributedConfig dist = settings.distributed() ? DistributedConfig.fromEnvironment() : null;
        int rank = dist == null ? 0 : dist.rank();
        int world = dist == null ? 1 : dist.worldSize();
        List<VideoTextRecord> records =
                Annotations.read(settings.annotations(), settings.format(), settings.root(), System.err);
        Checkpoints.Contents init = settings.init() == null ? null : Checkpoints.read(settings.init());
        if (init != null && init.kind() != ModelKind.PRETRAINING) {
            throw new IllegalArgumentException("--init " + settings.init() + " is a fine-tuned two-tower model; "
                    + "pre-training needs a pre-training checkpoint");
        }
        Path dir = settings.outputDir().toAbsolutePath().normalize();
        SimvtpConfig config = resolveConfig(settings, init, dir.resolve(CONFIG_FILE));
        if (rank == 0) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CONFIG_FILE), ConfigJson.toJson(config), StandardCharsets.UTF_8);
        }
        int globalBatch = settings.batchSize() * world;
        boolean defaultLr = settings.learningRate().isEmpty();
        double lr = defaultLr
                ? LrScaling.scaleForBatch(PretrainSettings.REFERENCE_LR, globalBatch)
                : settings.learningRate().getAsDouble();
        double minLr = defaultLr
                ? LrScaling.scaleForBatch(PretrainSettings.REFERENCE_MIN_LR, globalBatch)
                : lr * PretrainSettings.REFERENCE_MIN_LR / PretrainSettings.REFERENCE_LR;
        TrainerConfig trainerConfig = TrainerConfig.builder()
                .optTotalSteps(settings.steps())
                .optWarmupSteps(settings.effectiveWarmup())
                .optBaseLr(lr)
                .optMinLr(minLr)
                .optSeed(settings.seed())
                .optCheckpointEvery(settings.checkpointEvery())
                .build();
        if (rank == 0) {
            out.printf(
                    "pre-training %s on %d pairs of %s (rank %d of %d), global batch %d, lr %.3g, %d steps, "
                            + "output %s%n",
                    describe(config),
                    records.size(),
                    settings.annotations(),
                    rank,
                    world,
                    globalBatch,
                    lr,
                    settings.steps(),
                    dir);
            LearningRateReport.pretrain(settings.learningRate(), globalBatch, world, lr)
                    .forEach(out::println);
            out.println("model: " + settings.composition().describe());
        }

        VideoTextLoader.Builder loader = VideoTextLoader.builder()
                .setSource(VideoFileSource.pretrain(records, config))
                .setBatchSize(settings.batchSize())
                .optSeed(settings.seed())
                .optShard(rank, world);
        if (settings.workers() > 0) {
            loader.optWorkers(settings.workers());
        }
        RunManifest manifest = RunManifest.builder()
                .optName("pretrain")
                .optModelConfig(config)
                .optTrainerConfig(trainerConfig)
                .addSeed("seed", settings.seed())
                .optData(settings.annotations().toAbsolutePath() + " (" + records.size() + " pairs)")
                .addExtra("init", String.valueOf(settings.init()))
                .addExtra("worldSize", Integer.toString(world))
                .addExtra("composition", settings.composition().describe())
                .addExtra("efficient", Boolean.toString(settings.composition().mode() == ExecutionMode.EFFICIENT))
                .build();
        TrainingSummary summary;
        Path weights = dir.resolve(WEIGHTS_FILE);
        try (ProcessGroup group = dist != null && dist.isDistributed() ? GlooProcessGroup.connect(dist) : null;
                BertTokenizer tokenizer = BertTokenizer.create();
                RunOutputs outputs = RunOutputs.create(dir, rank == 0, out);
                LoaderPretrainSource batches = new LoaderPretrainSource(
                        loader.build(),
                        new PretrainBatchAssembler(settings.composition().newModel(config), tokenizer),
                        settings.seed())) {
            Trainer.Builder<SimvtpPretrainModel, PretrainBatch> builder = Trainer.builder(
                            new PretrainTask(() -> settings.composition().newModel(config)))
                    .optConfig(trainerConfig)
                    .optProcessGroup(group)
                    .optMaxDuration(settings.budget());
            if (init != null) {
                builder.optModelInitializer(model -> report(out, init, Checkpoints.initSameKind(model, init)));
            }
            try (Trainer<SimvtpPretrainModel, PretrainBatch> trainer =
                    outputs.attach(builder, manifest, 2).build()) {
                summary = trainer.fit(batches);
                if (rank == 0) {
                    Simvtp.saveWeights(trainer.model(), config, ModelKind.PRETRAINING, weights);
                }
            }
            Path plot = outputs.writeLossPlot();
            if (rank == 0) {
                out.println("weights: " + weights);
                out.println("loss plot: " + plot);
                out.println("metrics: " + outputs.metricsFile());
            }
            return new PretrainResult(summary, config, rank == 0 ? weights : null, plot, outputs.metricsFile());
        }
    }

    /**
     * The model configuration: an explicit preset, else the run folder's saved configuration (resume), else the
     * initial checkpoint's, else {@link Preset#BASE}; then the mask ratios. It must equal the saved one (an
     * initial checkpoint of another size fails later, naming the tensors whose shapes differ).
     */
    static SimvtpConfig resolveConfig(PretrainSettings s, Checkpoints.Contents init, Path saved) throws IOException {
        SimvtpConfig previous = Files.isRegularFile(saved)
                ? ConfigJson.fromJson(Files.readString(saved, StandardCharsets.UTF_8))
                : null;
        SimvtpConfig base = s.preset() != null
                ? s.preset().config()
                : previous != null ? previous : init != null ? init.config() : Preset.BASE.config();
        SimvtpConfig.Builder b = base.toBuilder();
        s.videoMaskRatio().ifPresent(b::optVideoMaskRatio);
        s.textMaskRatio().ifPresent(b::optTextMaskRatio);
        SimvtpConfig config = b.build();
        if (previous != null && !previous.equals(config)) {
            throw new IllegalArgumentException("the run folder was started with another model configuration ("
                    + saved + ": " + previous + "); resume with the same --preset and mask ratios, or use a new "
                    + "--out folder");
        }
        return config;
    }

    private static void report(PrintStream out, Checkpoints.Contents init, LoadReport r) {
        out.println("initialised from " + init.file() + ": " + r.loaded().size() + " tensors loaded, "
                + r.missing().size() + " missing (kept random), "
                + r.unexpected().size() + " unexpected");
    }

    static String describe(SimvtpConfig c) {
        return String.format(
                "encoder %dx%d, decoder %dx%d, %d frames of %dx%d, mask %.2f/%.2f",
                c.encoderWidth(),
                c.encoderDepth(),
                c.decoderWidth(),
                c.decoderDepth(),
                c.numFrames(),
                c.imageSize(),
                c.imageSize(),
                c.videoMaskRatio(),
                c.textMaskRatio());
    }
}
