package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.train.recipes.EvaluateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvtp evaluate}: text-video retrieval scores of a checkpoint. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate text-video retrieval of a checkpoint on annotated videos (reference protocol: "
                    + "S x C test views averaged, cosine similarity).",
            "Prints R@1/5/10/50, MedR and MeanR for text-to-video (t2v) and video-to-text (v2t) next to chance. "
                    + "A pre-training checkpoint is evaluated zero-shot.",
            "Exit codes: 0 done, 2 bad usage, 3 unreadable input or checkpoint, 4 internal error."
        })
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @Option(
            names = "--annotations",
            required = true,
            paramLabel = "FILE",
            description = "Annotations of the test videos.")
    Path annotations;

    @Mixin
    DataOptions data;

    @Option(
            names = "--segments",
            defaultValue = "3",
            paramLabel = "S",
            description = "Temporal views per video, > 1 (default ${DEFAULT-VALUE}).")
    int segments;

    @Option(
            names = "--crops",
            defaultValue = "3",
            paramLabel = "C",
            description = "Spatial views per segment, > 1 (default ${DEFAULT-VALUE}).")
    int crops;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the scores as JSON to this file.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Usage.require(spec, segments > 1, "--segments must be more than 1, got " + segments);
        Usage.require(spec, crops > 1, "--crops must be more than 1, got " + crops);
        EvaluateJob.run(
                checkpoint.checkpoint,
                annotations,
                data.format,
                data.root,
                segments,
                crops,
                json,
                System.out,
                System.err);
        return 0;
    }
}
