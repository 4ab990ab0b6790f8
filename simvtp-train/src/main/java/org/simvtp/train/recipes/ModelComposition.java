package org.simvtp.train.recipes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.RandomMasking;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.heads.MlmHead;
import org.simvtp.models.objective.MlmObjective;
import org.simvtp.models.objective.Objective;
import org.simvtp.models.objective.PixelObjective;
import org.simvtp.models.objective.ReferenceObjectives;
import org.simvtp.models.objective.VtcObjective;
import org.simvtp.models.objective.VtmObjective;

/**
 * How the pre-training recipe composes its model from names (the CLI's {@code --objectives}, {@code --weight},
 * {@code --vtc-negatives}, {@code --vtm-negatives}, {@code --text-head}, {@code --video-masking},
 * {@code --efficient}): an immutable value whose {@link #newModel} builds a fresh model for a configuration.
 * {@link #reference()} is the reference's composition.
 *
 * <pre>{@code
 * ModelComposition c = ModelComposition.reference().toBuilder()
 *         .optObjectives(List.of("pixel", "mlm", "vtc", "vtm")).optWeight("vtc", 0.5)
 *         .optVtmNegatives(VtmObjective.Negatives.HARD).optMode(ExecutionMode.EFFICIENT).build();
 * SimvtpPretrainModel model = c.newModel(SimvtpConfig.tiny());
 * }</pre>
 *
 * @param objectives the objectives by name, a non-empty subset of pixel, mlm, vtc, vtm, in the reference's order
 * @param weights loss weights by objective name; missing names take the configuration's weight
 * @param vtcNegatives VTC negatives
 * @param vtmNegatives VTM negatives
 * @param textHead MLM head architecture
 * @param videoMasking {@code tube} (the reference) or {@code random}
 * @param mode execution mode
 */
public record ModelComposition(
        List<String> objectives,
        Map<String, Double> weights,
        VtcObjective.Negatives vtcNegatives,
        VtmObjective.Negatives vtmNegatives,
        MlmHead.Type textHead,
        String videoMasking,
        ExecutionMode mode) {

    /** Validates the names and values. */
    public ModelComposition {
        objectives = List.copyOf(objectives);
        weights = Map.copyOf(weights);
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("at least one objective is needed (pixel, mlm, vtc, vtm)");
        }
        for (String o : objectives) {
            if (!ReferenceObjectives.NAMES.contains(o)) {
                throw new IllegalArgumentException(
                        "unknown objective '" + o + "'; known: " + String.join(", ", ReferenceObjectives.NAMES));
            }
        }
        if (new LinkedHashSet<>(objectives).size() != objectives.size()) {
            throw new IllegalArgumentException("an objective is listed twice: " + objectives);
        }
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            if (!objectives.contains(w.getKey())) {
                throw new IllegalArgumentException(
                        "a weight for '" + w.getKey() + "', which is not among the" + " objectives " + objectives);
            }
            if (!(w.getValue() >= 0 && Double.isFinite(w.getValue()))) {
                throw new IllegalArgumentException(
                        "weight of " + w.getKey() + " must be finite and >= 0, got " + w.getValue());
            }
        }
        Objects.requireNonNull(vtcNegatives, "vtcNegatives");
        Objects.requireNonNull(vtmNegatives, "vtmNegatives");
        Objects.requireNonNull(textHead, "textHead");
        Objects.requireNonNull(mode, "mode");
        if (!videoMasking.equals("tube") && !videoMasking.equals("random")) {
            throw new IllegalArgumentException("video masking must be tube or random, got '" + videoMasking + "'");
        }
        if (vtmNegatives == VtmObjective.Negatives.HARD && objectives.contains("vtm") && !objectives.contains("vtc")) {
            throw new IllegalArgumentException("hard VTM negatives are drawn from the VTC similarities: add vtc to the"
                    + " objectives (with --weight vtc=0 to not train on it) or use random VTM negatives");
        }
    }

    /** The reference: the four objectives with the configuration's weights, local VTC, random VTM, tube masking. */
    public static ModelComposition reference() {
        return new ModelComposition(
                ReferenceObjectives.NAMES,
                Map.of(),
                VtcObjective.Negatives.LOCAL,
                VtmObjective.Negatives.RANDOM,
                MlmHead.Type.LINEAR,
                "tube",
                ExecutionMode.REFERENCE);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a fresh, uninitialised model with this composition for {@code config}. */
    public SimvtpPretrainModel newModel(SimvtpConfig config) {
        SimvtpPretrainModel.Builder b = SimvtpPretrainModel.builder()
                .setConfig(config)
                .optMode(mode)
                .optObjectives(newObjectives(config))
                .optVideoMasking(videoMasking.equals("random") ? RandomMasking.of(config) : TubeMasking.of(config));
        if (textHead != MlmHead.Type.LINEAR) {
            b.optMlmHead(MlmHead.builder()
                    .setWidth(config.encoderWidth())
                    .setVocabSize(config.vocabSize())
                    .optType(textHead)
                    .build());
        }
        return b.build();
    }

    private List<Objective> newObjectives(SimvtpConfig config) {
        List<Objective> out = new ArrayList<>();
        for (String name : objectives) {
            out.add(
                    switch (name) {
                        case "pixel" -> PixelObjective.builder()
                                .optWeight(weight(name, config.videoLossWeight()))
                                .build();
                        case "mlm" -> MlmObjective.builder()
                                .optWeight(weight(name, config.textLossWeight()))
                                .build();
                        case "vtc" -> VtcObjective.builder()
                                .optWeight(weight(name, config.vtcLossWeight()))
                                .optTemperature(config.vtcTemperature())
                                .optNegatives(vtcNegatives)
                                .build();
                        default -> VtmObjective.builder()
                                .optWeight(weight(name, config.vtmLossWeight()))
                                .optTemperature(config.vtcTemperature())
                                .optNegatives(vtmNegatives)
                                .build();
                    });
        }
        return out;
    }

    private double weight(String name, double configured) {
        return weights.getOrDefault(name, configured);
    }

    /** A one-line description for logs and run manifests. */
    public String describe() {
        return "objectives " + objectives + (weights.isEmpty() ? "" : " weights " + new java.util.TreeMap<>(weights))
                + ", vtc negatives " + lower(vtcNegatives) + ", vtm negatives " + lower(vtmNegatives) + ", text head "
                + lower(textHead) + ", " + videoMasking + " masking, " + lower(mode) + " mode";
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Builder of {@link ModelComposition}. */
    public static final class Builder {
        private List<String> objectives;
        private final Map<String, Double> weights;
        private VtcObjective.Negatives vtcNegatives;
        private VtmObjective.Negatives vtmNegatives;
        private MlmHead.Type textHead;
        private String videoMasking;
        private ExecutionMode mode;

        private Builder(ModelComposition from) {
            objectives = from.objectives;
            weights = new LinkedHashMap<>(from.weights);
            vtcNegatives = from.vtcNegatives;
            vtmNegatives = from.vtmNegatives;
            textHead = from.textHead;
            videoMasking = from.videoMasking;
            mode = from.mode;
        }

        /** The objectives by name (any non-empty subset of pixel, mlm, vtc, vtm); kept in the reference's order. */
        public Builder optObjectives(List<String> names) {
            Set<String> wanted = new LinkedHashSet<>();
            for (String n : names) {
                wanted.add(n.trim().toLowerCase(Locale.ROOT));
            }
            List<String> ordered = new ArrayList<>();
            ReferenceObjectives.NAMES.stream().filter(wanted::contains).forEach(ordered::add);
            wanted.stream().filter(n -> !ordered.contains(n)).forEach(ordered::add); // unknown names fail in build
            objectives = ordered;
            return this;
        }

        /** The loss weight of one objective. */
        public Builder optWeight(String objective, double weight) {
            weights.put(objective.trim().toLowerCase(Locale.ROOT), weight);
            return this;
        }

        /** VTC negatives. */
        public Builder optVtcNegatives(VtcObjective.Negatives v) {
            vtcNegatives = v;
            return this;
        }

        /** VTM negatives. */
        public Builder optVtmNegatives(VtmObjective.Negatives v) {
            vtmNegatives = v;
            return this;
        }

        /** MLM head architecture. */
        public Builder optTextHead(MlmHead.Type v) {
            textHead = v;
            return this;
        }

        /** {@code tube} or {@code random}. */
        public Builder optVideoMasking(String v) {
            videoMasking = v.trim().toLowerCase(Locale.ROOT);
            return this;
        }

        /** Execution mode. */
        public Builder optMode(ExecutionMode v) {
            mode = v;
            return this;
        }

        /** Validates and builds. */
        public ModelComposition build() {
            return new ModelComposition(objectives, weights, vtcNegatives, vtmNegatives, textHead, videoMasking, mode);
        }
    }
}
