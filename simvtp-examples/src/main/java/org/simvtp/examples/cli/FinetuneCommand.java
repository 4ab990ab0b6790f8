package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.simvtp.examples.jobs.FinetuneJob;
import org.simvtp.examples.jobs.FinetuneSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simvtp finetune}: two-tower retrieval fine-tuning from a pre-training checkpoint. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune the two-tower retrieval model from a pre-training checkpoint (reference MSR-VTT "
                + "recipe), then evaluate it on the validation file (and the test file if given).",
            "Writes DIR/checkpoints (resumed from on a re-run), DIR/metrics.jsonl, DIR/loss.png, "
                + "DIR/val-retrieval.json, DIR/model.safetensors (final) and DIR/model-best.safetensors (best on "
                + "the selection split: validation, or test with --select-on-test).",
            "Exit codes: 0 done, 2 bad usage, 3 unreadable input, 4 internal error."})
final class FinetuneCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training annotations.")
    Path train;

    @Option(names = "--val", required = true, paramLabel = "FILE", description = "Validation annotations.")
    Path val;

    @Option(names = "--test", paramLabel = "FILE", description = "Test annotations (evaluated at the end).")
    Path test;

    @Mixin
    DataOptions data;

    @Option(names = "--init", required = true, paramLabel = "CKPT",
            description = "Pre-training checkpoint (.pth or .safetensors) both towers start from.")
    Path init;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder.")
    Path out;

    @Option(names = "--steps", defaultValue = "1000", paramLabel = "N",
            description = "Optimizer steps (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up steps (default: 5% of --steps).")
    Long warmup;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "B",
            description = "Pairs per step, at least 2 (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: reference 7.5e-5).")
    Double lr;

    @Option(names = "--minutes", paramLabel = "M", description = "Stop training after M minutes.")
    Double minutes;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
            description = "Video decoding threads (default: half the cores).")
    int workers;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "N",
            description = "Evaluate for checkpoint selection every N steps (default: only at the end).")
    long evalEvery;

    @Option(names = "--select-on-test",
            description = "Select the best checkpoint on --test, as the reference does (test scores then optimistic).")
    boolean selectOnTest;

    @Option(names = "--segments", defaultValue = "3", paramLabel = "S",
            description = "Temporal test views (default ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--crops", defaultValue = "3", paramLabel = "C",
            description = "Spatial test views (default ${DEFAULT-VALUE}).")
    int crops;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N",
            description = "Steps between checkpoints, 0 = only at the end (default ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (selectOnTest && test == null) {
            throw new ParameterException(spec.commandLine(), "--select-on-test needs --test FILE");
        }
        if (batch < 2) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 2 (the contrastive loss "
                    + "compares each pair with the rest of the batch), got " + batch);
        }
        FinetuneSettings.Builder b = FinetuneSettings.builder(train, val, init, out).optTest(test)
                .optFormat(data.format).optRoot(data.root).optSteps(steps).optBatchSize(batch).optWorkers(workers)
                .optSeed(seed).optEvalEvery(evalEvery).optSelectOnTest(selectOnTest).optViews(segments, crops)
                .optCheckpointEvery(checkpointEvery);
        if (warmup != null) {
            b.optWarmupSteps(warmup);
        }
        if (lr != null) {
            b.optLearningRate(lr);
        }
        if (minutes != null) {
            b.optBudget(Duration.ofMillis(Math.round(minutes * 60_000)));
        }
        FinetuneJob.run(b.build(), System.out);
        return 0;
    }
}
