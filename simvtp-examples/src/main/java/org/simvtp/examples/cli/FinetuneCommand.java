package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.train.recipes.FinetuneJob;
import org.simvtp.train.recipes.FinetuneSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simvtp finetune}: two-tower retrieval fine-tuning from a pre-training checkpoint. */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        description = {
            "Fine-tune the two-tower retrieval model from a pre-training checkpoint (reference MSR-VTT "
                    + "recipe), then evaluate it on the validation file (and the test file if given).",
            "Writes DIR/checkpoints (resumed from on a re-run), DIR/metrics.jsonl, DIR/loss.png, "
                    + "DIR/val-retrieval.json, DIR/model.safetensors (final) and DIR/model-best.safetensors (best on "
                    + "the selection split: validation, or test with --select-on-test).",
            "Exit codes: 0 done, 2 bad usage, 3 unreadable input, 4 internal error."
        })
final class FinetuneCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training annotations.")
    Path train;

    @Option(names = "--val", required = true, paramLabel = "FILE", description = "Validation annotations.")
    Path val;

    @Option(names = "--test", paramLabel = "FILE", description = "Test annotations (evaluated at the end).")
    Path test;

    @Mixin
    DataOptions data;

    @Mixin
    RunOptions run;

    @Option(
            names = "--init",
            required = true,
            paramLabel = "CKPT",
            description = "Pre-training checkpoint (.pth or .safetensors) both towers start from.")
    Path init;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder.")
    Path out;

    @Option(
            names = "--batch",
            defaultValue = "8",
            paramLabel = "B",
            description = "Pairs per step, at least 2 (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--eval-every",
            defaultValue = "0",
            paramLabel = "N",
            description = "Evaluate for checkpoint selection every N steps (default: only at the end).")
    long evalEvery;

    @Option(
            names = "--select-on-test",
            description = "Select the best checkpoint on --test, as the reference does (test scores then optimistic).")
    boolean selectOnTest;

    @Option(
            names = "--segments",
            defaultValue = "3",
            paramLabel = "S",
            description = "Temporal test views (default ${DEFAULT-VALUE}).")
    int segments;

    @Option(
            names = "--crops",
            defaultValue = "3",
            paramLabel = "C",
            description = "Spatial test views (default ${DEFAULT-VALUE}).")
    int crops;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (selectOnTest && test == null) {
            throw new ParameterException(spec.commandLine(), "--select-on-test needs --test FILE");
        }
        if (batch < 2) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--batch must be at least 2 (the contrastive loss "
                            + "compares each pair with the rest of the batch), got " + batch);
        }
        FinetuneSettings.Builder b = FinetuneSettings.builder(train, val, init, out)
                .optTest(test)
                .optBatchSize(batch)
                .optEvalEvery(evalEvery)
                .optSelectOnTest(selectOnTest)
                .optViews(segments, crops);
        run.applyTo(b, data);
        FinetuneJob.run(Usage.build(spec, b::build), System.out);
        return 0;
    }
}
