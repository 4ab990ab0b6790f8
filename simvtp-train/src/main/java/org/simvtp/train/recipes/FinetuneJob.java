package org.simvtp.train.recipes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.loader.VideoFileSource;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.data.sampling.FinetuneTrainFrameSampler;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.checkpoint.LoadReport;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.train.StepRecord;
import org.simvtp.train.Trainer;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.TrainingListener;
import org.simvtp.train.TrainingSummary;
import org.simvtp.train.eval.BestCheckpointSelector;
import org.simvtp.train.eval.EmbeddingModel;
import org.simvtp.train.eval.EvaluationSplit;
import org.simvtp.train.eval.RetrievalResult;
import org.simvtp.train.finetune.RetrievalBatch;
import org.simvtp.train.finetune.RetrievalTask;
import org.simvtp.train.observe.RunManifest;

/**
 * Two-tower retrieval fine-tuning as the reference MSR-VTT recipe (spec §7): both towers initialised from a
 * pre-training checkpoint, fine-tuning frame sampling and random resized crops with flips, NormSoftmax loss,
 * the reference optimiser. Every {@code evalEvery} steps and at the end the model is evaluated on the selection
 * split (validation by default; the test file only with {@code selectOnTest}, as the reference, whose test scores
 * are then optimistic); the best weights go to {@code model-best.safetensors}, the final ones to
 * {@code model.safetensors}, scores to {@code val-retrieval.json} / {@code test-retrieval.json}.
 *
 * <pre>{@code
 * FinetuneResult r = FinetuneJob.run(FinetuneSettings.builder(train, val, init, Path.of("ft")).build(), System.out);
 * System.out.println(r.validation().format());
 * }</pre>
 */
public final class FinetuneJob {

    /** Name of the final weights in the run folder. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** Name of the best weights in the run folder. */
    public static final String BEST_WEIGHTS_FILE = "model-best.safetensors";

    private FinetuneJob() {}

    /**
     * Runs (or resumes) the fine-tuning and evaluates the result.
     *
     * @param s the settings
     * @param out where progress and results are printed
     * @return what was produced
     * @throws IOException if an input cannot be read or an output cannot be written
     */
    public static FinetuneResult run(FinetuneSettings s, PrintStream out) throws IOException {
        List<VideoTextRecord> train = Annotations.read(s.train(), s.format(), s.root(), System.err);
        List<VideoTextRecord> val = Annotations.read(s.val(), s.format(), s.root(), System.err);
        List<VideoTextRecord> test =
                s.test() == null ? null : Annotations.read(s.test(), s.format(), s.root(), System.err);
        Checkpoints.Contents init = Checkpoints.read(s.init());
        SimvtpConfig config = init.config();
        TrainerConfig.Builder tc = TrainerConfig.referenceFinetune().toBuilder()
                .optTotalSteps(s.steps())
                .optWarmupSteps(s.effectiveWarmup())
                .optSeed(s.seed())
                .optCheckpointEvery(s.checkpointEvery());
        if (s.learningRate().isPresent()) {
            double lr = s.learningRate().getAsDouble();
            TrainerConfig reference = TrainerConfig.referenceFinetune();
            tc.optBaseLr(lr).optMinLr(lr * reference.minLr() / reference.baseLr());
        }
        TrainerConfig trainerConfig = tc.build();
        EvaluationSplit split = s.selectOnTest() ? EvaluationSplit.TEST : EvaluationSplit.VAL;
        List<VideoTextRecord> selection = s.selectOnTest() ? test : val;
        BestCheckpointSelector selector =
                BestCheckpointSelector.builder().optSplit(split).build();
        Path dir = s.outputDir().toAbsolutePath().normalize();
        out.printf(
                "fine-tuning %s from %s (%s) on %d pairs of %s, batch %d, lr %.3g, %d steps, selection on %s, "
                        + "output %s%n",
                PretrainJob.describe(config),
                s.init(),
                init.kind(),
                train.size(),
                s.train(),
                s.batchSize(),
                trainerConfig.baseLr(),
                s.steps(),
                split,
                dir);
        LearningRateReport.finetune(s.learningRate(), s.batchSize(), trainerConfig.baseLr())
                .forEach(out::println);

        VideoTextLoader.Builder loader = VideoTextLoader.builder()
                .setSource(new VideoFileSource(
                        train,
                        FinetuneTrainFrameSampler.forConfig(config),
                        ClipTransform.finetuneTrain(config.imageSize())))
                .setBatchSize(s.batchSize())
                .optSeed(s.seed());
        if (s.workers() > 0) {
            loader.optWorkers(s.workers());
        }
        RunManifest manifest = RunManifest.builder()
                .optName("finetune")
                .optModelConfig(config)
                .optTrainerConfig(trainerConfig)
                .addSeed("seed", s.seed())
                .optData("train " + s.train().toAbsolutePath() + " (" + train.size() + " pairs), val "
                        + s.val().toAbsolutePath())
                .addExtra("init", s.init().toAbsolutePath().toString())
                .addExtra("selectionSplit", split.name())
                .build();
        Path weights = dir.resolve(WEIGHTS_FILE);
        Path best = dir.resolve(BEST_WEIGHTS_FILE);
        try (BertTokenizer tokenizer = BertTokenizer.create();
                RunOutputs outputs = RunOutputs.create(dir, true, out);
                RetrievalBatches batches = new RetrievalBatches(loader.build(), tokenizer)) {
            PeriodicEvaluation periodic = new PeriodicEvaluation(s, config, selection, split, selector, best, out);
            Trainer.Builder<DualEncoder, RetrievalBatch> builder = Trainer.builder(new RetrievalTask(config))
                    .optConfig(trainerConfig)
                    .optMaxDuration(s.budget())
                    .optModelInitializer(dual -> report(out, init, Checkpoints.initDualEncoder(dual, init)))
                    .addListener(periodic);
            TrainingSummary summary;
            RetrievalResult valResult;
            RetrievalResult testResult = null;
            try (Trainer<DualEncoder, RetrievalBatch> trainer =
                    outputs.attach(builder, manifest, 2).build()) {
                periodic.model = trainer.model();
                summary = trainer.fit(batches);
                Simvtp.saveWeights(trainer.model(), config, ModelKind.TWO_TOWER, weights);
                EmbeddingModel model = EmbeddingModel.of(trainer.model());
                valResult = evaluate(model, config, val, s, "validation", dir.resolve("val-retrieval.json"), out);
                boolean better = selector.offer(summary.finalStep(), EvaluationSplit.VAL, valResult);
                if (test != null) {
                    testResult = evaluate(model, config, test, s, "test", dir.resolve("test-retrieval.json"), out);
                    better |= selector.offer(summary.finalStep(), EvaluationSplit.TEST, testResult);
                }
                if (better) {
                    Files.copy(weights, best, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            outputs.writeLossPlot();
            long bestStep =
                    selector.best().map(BestCheckpointSelector.Best::step).orElse(summary.finalStep());
            out.println("weights: " + weights);
            out.printf(
                    "best on %s: step %d (%s %.2f) -> %s%n",
                    split,
                    bestStep,
                    selector.metricName(),
                    selector.best().map(BestCheckpointSelector.Best::score).orElse(Double.NaN),
                    best);
            return new FinetuneResult(summary, valResult, testResult, weights, best, bestStep);
        }
    }

    private static RetrievalResult evaluate(
            EmbeddingModel model,
            SimvtpConfig config,
            List<VideoTextRecord> records,
            FinetuneSettings s,
            String name,
            Path json,
            PrintStream out)
            throws IOException {
        RetrievalResult r = EvaluateJob.evaluate(model, config, records, s.segments(), s.crops(), System.err);
        out.println(name + " " + r.format());
        Files.writeString(json, r.toJson(), StandardCharsets.UTF_8);
        return r;
    }

    private static void report(PrintStream out, Checkpoints.Contents init, LoadReport r) {
        out.println("initialised both towers from " + init.file() + ": "
                + r.loaded().size() + " tensors loaded, " + r.missing().size() + " missing (kept initialised), "
                + r.ignored().size() + " ignored");
    }

    /** Evaluates the selection split every {@code evalEvery} steps and keeps the best weights. */
    private static final class PeriodicEvaluation implements TrainingListener {
        private final FinetuneSettings settings;
        private final SimvtpConfig config;
        private final List<VideoTextRecord> records;
        private final EvaluationSplit split;
        private final BestCheckpointSelector selector;
        private final Path best;
        private final PrintStream out;
        private DualEncoder model;

        PeriodicEvaluation(
                FinetuneSettings settings,
                SimvtpConfig config,
                List<VideoTextRecord> records,
                EvaluationSplit split,
                BestCheckpointSelector selector,
                Path best,
                PrintStream out) {
            this.settings = settings;
            this.config = config;
            this.records = records;
            this.split = split;
            this.selector = selector;
            this.best = best;
            this.out = out;
        }

        @Override
        public void onStep(StepRecord record) {
            long every = settings.evalEvery();
            if (every == 0 || record.step() % every != 0 || record.step() >= record.totalSteps()) {
                return; // the final step is evaluated after fit
            }
            RetrievalResult r = EvaluateJob.evaluate(
                    EmbeddingModel.of(model), config, records, settings.segments(), settings.crops(), System.err);
            out.printf(
                    "step %d, %s: t2v R@1 %.2f R@5 %.2f%n",
                    record.step(),
                    split,
                    r.report().textToVideo().r1(),
                    r.report().textToVideo().r5());
            if (selector.offer(record.step(), split, r)) {
                try {
                    Simvtp.saveWeights(model, config, ModelKind.TWO_TOWER, best);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + best, e);
                }
            }
        }
    }
}
