package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Video-text matching (spec §4.4): B matching pairs and B mismatched pairs (caption i with video j ≠ i) go
 * through the joint encoder, are mean-pooled over all tokens and classified by the model's
 * {@link org.simvtp.models.heads.VtmHead}; cross-entropy with labels 1 then 0. Loss key {@code loss_vtm}.
 *
 * <p>Negatives: {@link Negatives#RANDOM} draws j uniformly (the reference). {@link Negatives#HARD} draws j from
 * the step's VTC similarities as ALBEF does, with probability ∝ exp(sim(i, j) / τ) over the videos whose caption
 * differs from caption i (a pair with an identical caption is never a negative); {@link HardSampling#MOST_SIMILAR}
 * makes the choice deterministic (the most similar such video). When every other caption of the batch is
 * identical to caption i, j is drawn uniformly. Hard negatives need a {@link VtcObjective} in the model.
 * Explicit negatives in {@code PretrainInputs#vtmNegatives()} override either rule. Published {@code vtm_logits}
 * [2B, 2] and {@code vtm_negatives} [B].
 *
 * <pre>{@code
 * Objective vtm = VtmObjective.builder().optNegatives(VtmObjective.Negatives.HARD).build();
 * }</pre>
 */
public final class VtmObjective extends AbstractObjective {

    /** How mismatched pairs are chosen. */
    public enum Negatives {
        /** A uniformly random other video of the batch (the reference). */
        RANDOM,
        /** A video drawn by similarity to the caption (ALBEF). */
        HARD
    }

    /** How {@link Negatives#HARD} picks among the candidates. */
    public enum HardSampling {
        /** Draw with probability ∝ exp(similarity / τ). */
        SAMPLE,
        /** Take the most similar candidate. */
        MOST_SIMILAR
    }

    private final Negatives negatives;
    private final HardSampling sampling;
    private final double temperature;

    private VtmObjective(Builder b) {
        super("vtm", b.weight);
        negatives = b.negatives;
        sampling = b.sampling;
        temperature = Checks.checkTemperature("vtm", b.temperature);
    }

    /** A builder: weight 1, random negatives. */
    public static Builder builder() {
        return new Builder();
    }

    /** How negatives are chosen. */
    public Negatives negatives() {
        return negatives;
    }

    @Override
    public Set<EncoderPass> passes() {
        return negatives == Negatives.HARD
                ? EnumSet.of(EncoderPass.MATCHING, EncoderPass.VIDEO, EncoderPass.TEXT)
                : EnumSet.of(EncoderPass.MATCHING);
    }

    @Override
    public Set<ModelPart> parts() {
        return EnumSet.of(ModelPart.VTM_HEAD);
    }

    @Override
    public void validate(List<Objective> composition) {
        if (negatives == Negatives.HARD && composition.stream().noneMatch(o -> o instanceof VtcObjective)) {
            throw new IllegalArgumentException("hard VTM negatives are drawn from the VTC similarities, but the model"
                    + " has no VtcObjective: add one (its weight may be 0) or use random VTM negatives");
        }
    }

    @Override
    public void prepare(PretrainStep step) {
        if (step.matchingNegatives() == null && negatives == Negatives.RANDOM) {
            step.setMatchingNegatives(sampleNegatives(step.manager(), step.batchSize(), step.random()));
        }
    }

    @Override
    public NDArray loss(PretrainStep step) {
        if (step.matchingNegatives() == null) {
            step.setMatchingNegatives(hardNegatives(step));
        }
        NDArray pairs = step.matchingTokens();
        NDArray logits = step.model().vtmHead().logits(pairs.mean(new int[] {1}));
        NDManager m = step.manager();
        int batch = step.batchSize();
        NDArray labels = NDArrays.concat(
                new NDList(m.ones(new Shape(batch), DataType.INT64), m.zeros(new Shape(batch), DataType.INT64)), 0);
        step.publish("vtm_logits", logits);
        step.publish("vtm_negatives", step.matchingNegatives());
        return Losses.crossEntropy(logits, labels);
    }

    /** For each caption a video by similarity among those with a different caption (see the class comment). */
    private NDArray hardNegatives(PretrainStep step) {
        int b = step.batchSize();
        requireTwo(b);
        float[] sim = step.similarity().toType(DataType.FLOAT32, false).toFloatArray();
        long[][] captions = originalCaptions(step);
        long[] chosen = new long[b];
        Random random = step.random();
        for (int i = 0; i < b; i++) {
            double[] weights = new double[b];
            double max = Double.NEGATIVE_INFINITY;
            boolean any = false;
            for (int j = 0; j < b; j++) {
                if (j != i && !Arrays.equals(captions[i], captions[j])) {
                    any = true;
                    max = Math.max(max, sim[i * b + j]);
                }
            }
            if (!any) {
                int j = random.nextInt(b - 1);
                chosen[i] = j >= i ? j + 1 : j;
                continue;
            }
            int best = -1;
            double total = 0;
            for (int j = 0; j < b; j++) {
                if (j != i && !Arrays.equals(captions[i], captions[j])) {
                    weights[j] = Math.exp((sim[i * b + j] - max) / temperature);
                    total += weights[j];
                    if (best < 0 || sim[i * b + j] > sim[i * b + best]) {
                        best = j;
                    }
                }
            }
            chosen[i] = sampling == HardSampling.MOST_SIMILAR ? best : draw(weights, total, random);
        }
        return step.manager().create(chosen);
    }

    private static int draw(double[] weights, double total, Random random) {
        double u = random.nextDouble() * total;
        int last = -1;
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] > 0) {
                last = j;
                u -= weights[j];
                if (u < 0) {
                    return j;
                }
            }
        }
        return last;
    }

    /** The unmasked caption ids of each sample (label where masked, input id elsewhere), padding included. */
    private static long[][] originalCaptions(PretrainStep step) {
        long[] ids = step.inputs().inputIds().toLongArray();
        long[] labels = step.inputs().mlmLabels().toLongArray();
        int b = step.batchSize();
        int length = ids.length / b;
        long[][] out = new long[b][length];
        for (int i = 0; i < b; i++) {
            for (int l = 0; l < length; l++) {
                long label = labels[i * length + l];
                out[i][l] = label == Losses.IGNORE_INDEX ? ids[i * length + l] : label;
            }
        }
        return out;
    }

    /** For each i a uniformly random j ≠ i (the reference's VTM negatives); needs B ≥ 2. */
    public static NDArray sampleNegatives(NDManager manager, int batch, Random random) {
        requireTwo(batch);
        long[] negatives = new long[batch];
        for (int i = 0; i < batch; i++) {
            int j = random.nextInt(batch - 1);
            negatives[i] = j >= i ? j + 1 : j;
        }
        return manager.create(negatives);
    }

    private static void requireTwo(int batch) {
        if (batch < 2) {
            throw new IllegalArgumentException(
                    "video-text matching needs at least 2 samples per batch to draw negatives, got " + batch);
        }
    }

    @Override
    public String toString() {
        return "vtm(weight=" + weight() + ", negatives=" + negatives
                + (negatives == Negatives.HARD ? ", " + sampling + ", temperature=" + temperature : "") + ")";
    }

    /** Builder of {@link VtmObjective}. */
    public static final class Builder {
        private double weight = 1;
        private Negatives negatives = Negatives.RANDOM;
        private HardSampling sampling = HardSampling.SAMPLE;
        private double temperature = 0.05;

        private Builder() {}

        /** Loss weight; default 1. */
        public Builder optWeight(double weight) {
            this.weight = weight;
            return this;
        }

        /** Negatives; default {@link Negatives#RANDOM} (the reference). */
        public Builder optNegatives(Negatives negatives) {
            this.negatives = java.util.Objects.requireNonNull(negatives, "negatives");
            return this;
        }

        /** How hard negatives are picked; default {@link HardSampling#SAMPLE}. */
        public Builder optHardSampling(HardSampling sampling) {
            this.sampling = java.util.Objects.requireNonNull(sampling, "sampling");
            return this;
        }

        /** Temperature of the hard-negative distribution; default 0.05 (the VTC τ). */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Validates and builds. */
        public VtmObjective build() {
            return new VtmObjective(this);
        }
    }
}
