package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.heads.MlmHead;
import org.simvtp.models.objective.VtcObjective;
import org.simvtp.models.objective.VtmObjective;
import org.simvtp.train.recipes.ModelComposition;
import org.simvtp.train.recipes.Preset;
import org.simvtp.train.recipes.PretrainJob;
import org.simvtp.train.recipes.PretrainSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simvtp pretrain}: SimVTP pre-training on annotated videos, resumable. */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = {
            "Pre-train SimVTP on annotated videos (the reference recipe: masked video and caption "
                    + "reconstruction, VTC, VTM).",
            "Writes DIR/checkpoints (a re-run with the same DIR resumes from the newest), DIR/metrics.jsonl, "
                    + "DIR/loss.png and the final weights DIR/model.safetensors.",
            "With --distributed, rank, world size and rendezvous come from the environment (RANK, WORLD_SIZE, "
                    + "SIMVTP_RENDEZVOUS, ...; see docs/distributed.md); each rank loads its shard of every batch.",
            "Exit codes: 0 done, 2 bad usage, 3 unreadable input, 4 internal error, 5 a peer was lost "
                    + "(--distributed; restartable, simvtp launch restarts all ranks)."
        })
final class PretrainCommand implements Callable<Integer> {

    @Option(
            names = "--annotations",
            required = true,
            paramLabel = "FILE",
            description = "Annotation file (or caption folder) of the training videos.")
    Path annotations;

    @Mixin
    DataOptions data;

    @Mixin
    RunOptions run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder.")
    Path out;

    @Option(
            names = "--preset",
            paramLabel = "SIZE",
            converter = PresetConverter.class,
            description = "Model size: tiny, small or base (default: DIR's saved model, else the --init "
                    + "checkpoint's, else base).")
    Preset preset;

    @Option(names = "--video-mask", paramLabel = "RATIO", description = "Tube-mask ratio (default: 0.9).")
    Double videoMask;

    @Option(names = "--text-mask", paramLabel = "RATIO", description = "Caption mask ratio (default: 0.75).")
    Double textMask;

    @Option(
            names = "--batch",
            defaultValue = "16",
            paramLabel = "B",
            description = "Clips per step and process, at least 2 (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--init", paramLabel = "CKPT", description = "Pre-training checkpoint to start from.")
    Path init;

    @Option(names = "--distributed", description = "Join a multi-process run configured by the environment.")
    boolean distributed;

    @Option(
            names = "--efficient",
            description = "Train the efficient mode: the matching positives reuse the joint "
                    + "pass, the MLM head runs on the masked tokens only and the encoder passes are stacked (same losses "
                    + "without dropout, about half the step time). Default: the reference's four passes.")
    boolean efficient;

    @Option(
            names = "--objectives",
            split = ",",
            paramLabel = "NAMES",
            description = "Objectives to train, any subset of pixel,mlm,vtc,vtm (default: all four, as the reference).")
    List<String> objectives;

    @Option(
            names = "--weight",
            paramLabel = "NAME=W",
            description = "Loss weight of one objective, e.g. --weight vtc=0.5 (repeatable; default: 1 each).")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(
            names = "--vtc-negatives",
            paramLabel = "local|global",
            description = "VTC negatives: local (this process's batch, the reference) or global (all-gathered from "
                    + "every process of a --distributed run).")
    String vtcNegatives;

    @Option(
            names = "--vtm-negatives",
            paramLabel = "random|hard",
            description = "VTM negatives: random (the reference) or hard (drawn from the VTC similarities; needs vtc).")
    String vtmNegatives;

    @Option(
            names = "--text-head",
            paramLabel = "linear|bert",
            description = "MLM head: linear (the reference) or bert (dense, GELU, LayerNorm, output tied to the word "
                    + "embeddings).")
    String textHead;

    @Option(
            names = "--video-masking",
            paramLabel = "tube|random",
            description = "Video masking: tube (the reference) or random tokens.")
    String videoMasking;

    @Spec
    CommandSpec spec;

    /** The model composition the options describe; a bad name or combination is a usage error. */
    ModelComposition composition() {
        try {
            ModelComposition.Builder c = ModelComposition.reference().toBuilder()
                    .optMode(efficient ? ExecutionMode.EFFICIENT : ExecutionMode.REFERENCE);
            if (objectives != null) {
                c.optObjectives(objectives);
            }
            weights.forEach(c::optWeight);
            if (vtcNegatives != null) {
                c.optVtcNegatives(parse(VtcObjective.Negatives.class, "--vtc-negatives", vtcNegatives));
            }
            if (vtmNegatives != null) {
                c.optVtmNegatives(parse(VtmObjective.Negatives.class, "--vtm-negatives", vtmNegatives));
            }
            if (textHead != null) {
                c.optTextHead(parse(MlmHead.Type.class, "--text-head", textHead));
            }
            if (videoMasking != null) {
                c.optVideoMasking(videoMasking);
            }
            return c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + value + "'; expected one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 2) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--batch must be at least 2 (video-text matching draws " + "its negatives within the batch), got "
                            + batch);
        }
        Usage.require(
                spec,
                videoMask == null || (videoMask >= 0 && videoMask < 1),
                "--video-mask must be in [0, 1), got " + videoMask);
        Usage.require(
                spec,
                textMask == null || (textMask >= 0 && textMask < 1),
                "--text-mask must be in [0, 1), got " + textMask);
        PretrainSettings.Builder b = PretrainSettings.builder(annotations, out)
                .optBatchSize(batch)
                .optInit(init)
                .optDistributed(distributed)
                .optComposition(composition());
        run.applyTo(b, data);
        if (preset != null) {
            b.optPreset(preset);
        }
        if (videoMask != null) {
            b.optVideoMaskRatio(videoMask);
        }
        if (textMask != null) {
            b.optTextMaskRatio(textMask);
        }
        PretrainJob.run(Usage.build(spec, b::build), System.out);
        return 0;
    }

    /** Converts {@code --preset} names; a wrong name is a usage error (exit code 2). */
    static final class PresetConverter implements CommandLine.ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            try {
                return Preset.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
