package org.simvtp.train;

import org.simvtp.train.optim.AdamW;
import org.simvtp.train.optim.LayerwiseLrDecay;
import org.simvtp.train.optim.OptimizerFactory;
import org.simvtp.train.optim.WeightDecayRule;
import org.simvtp.train.schedule.CosineWithWarmup;
import org.simvtp.train.schedule.Schedule;

/**
 * Immutable optimisation settings of a {@link Trainer}. Defaults are the reference pre-training recipe
 * (spec §6) apart from the run length: AdamW betas (0.9, 0.95), eps 1e-8, weight decay 0.05, cosine schedule
 * with linear warm-up from 0, no clipping, fp32.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.builder().optTotalSteps(500).optWarmupSteps(50).optBaseLr(1e-3).build();
 * TrainerConfig finetune = TrainerConfig.referenceFinetune().toBuilder().optTotalSteps(2000).build();
 * }</pre>
 *
 * @param totalSteps optimizer steps to run
 * @param warmupSteps linear warm-up steps
 * @param baseLr peak learning rate (already scaled for the batch, see {@code LrScaling})
 * @param minLr cosine floor
 * @param warmupStartLr learning rate at step 0 of the warm-up (reference: 0)
 * @param weightDecay decoupled weight decay for ≥ 2-D weights
 * @param beta1 Adam β₁
 * @param beta2 Adam β₂
 * @param epsilon Adam ε
 * @param layerDecay layer-wise lr decay factor (1 = off)
 * @param clipGradNorm global-norm clipping threshold (0 = off, as the reference)
 * @param accumulationSteps micro-batches per optimizer step
 * @param seed seed of every random draw (masks, negatives, dropout, shuffling)
 * @param checkpointEvery steps between checkpoints (0 = only at the end when a store is set)
 * @param maxConsecutiveNonFinite consecutive skipped steps after which training stops
 */
public record TrainerConfig(
        long totalSteps,
        long warmupSteps,
        double baseLr,
        double minLr,
        double warmupStartLr,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        double layerDecay,
        double clipGradNorm,
        int accumulationSteps,
        long seed,
        long checkpointEvery,
        int maxConsecutiveNonFinite) {

    /** Validates the values. */
    public TrainerConfig {
        require(totalSteps > 0, "totalSteps must be positive, got " + totalSteps);
        require(
                warmupSteps >= 0 && warmupSteps <= totalSteps,
                "warmupSteps must be in [0, totalSteps], got " + warmupSteps);
        require(
                baseLr > 0 && minLr >= 0 && minLr <= baseLr,
                "need 0 <= minLr <= baseLr, 0 < baseLr; got baseLr " + baseLr + ", minLr " + minLr);
        require(warmupStartLr >= 0, "warmupStartLr must be >= 0, got " + warmupStartLr);
        require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
        require(epsilon > 0, "epsilon must be positive, got " + epsilon);
        require(layerDecay > 0 && layerDecay <= 1, "layerDecay must be in (0, 1], got " + layerDecay);
        require(clipGradNorm >= 0, "clipGradNorm must be >= 0 (0 = off), got " + clipGradNorm);
        require(accumulationSteps >= 1, "accumulationSteps must be >= 1, got " + accumulationSteps);
        require(checkpointEvery >= 0, "checkpointEvery must be >= 0, got " + checkpointEvery);
        require(maxConsecutiveNonFinite >= 1, "maxConsecutiveNonFinite must be >= 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder with the reference pre-training optimiser and 1000 steps (10% warm-up) at lr 1.5e-4. */
    public static Builder builder() {
        return new Builder();
    }

    /** The reference MSR-VTT fine-tuning optimiser (spec §7): betas (0.9, 0.999), lr 7.5e-5, min 2.5e-7. */
    public static TrainerConfig referenceFinetune() {
        return builder().optBaseLr(7.5e-5).optMinLr(2.5e-7).optBetas(0.9, 0.999).build();
    }

    /**
     * The optimizer these settings describe, the trainer's default: AdamW with {@link #beta1()},
     * {@link #beta2()} and {@link #epsilon()}, the reference weight-decay rule and, when {@link #layerDecay()} is
     * below 1 and {@code encoderDepth > 0}, layer-wise lr decay.
     *
     * <pre>{@code
     * Trainer.builder(task).optConfig(config).optOptimizer(config.adamW(12)).build();
     * }</pre>
     *
     * @param encoderDepth the encoder depth for layer decay; 0 disables it
     * @return the factory
     */
    public OptimizerFactory adamW(int encoderDepth) {
        return (parameters, manager) -> AdamW.builder()
                .setParameters(parameters)
                .optBetas(beta1, beta2)
                .optEpsilon(epsilon)
                .optWeightDecayRule(WeightDecayRule.reference())
                .optLayerDecay(
                        layerDecay < 1 && encoderDepth > 0
                                ? LayerwiseLrDecay.builder()
                                        .setDepth(encoderDepth)
                                        .setDecay(layerDecay)
                                        .build()
                                : LayerwiseLrDecay.none())
                .optManager(manager)
                .build();
    }

    /**
     * The learning-rate schedule these settings describe, the trainer's default: {@link CosineWithWarmup} from
     * {@link #warmupStartLr()} over {@link #warmupSteps()} steps to {@link #baseLr()}, then down towards
     * {@link #minLr()} at {@link #totalSteps()}.
     *
     * <pre>{@code
     * double lr = config.cosineSchedule().valueAt(step);
     * }</pre>
     *
     * @return the schedule over {@link #totalSteps()} steps
     */
    public Schedule cosineSchedule() {
        return CosineWithWarmup.builder()
                .setBaseValue(baseLr)
                .optFinalValue(minLr)
                .optWarmupStartValue(warmupStartLr)
                .setEpochs(1)
                .setItersPerEpoch(totalSteps)
                .optWarmupSteps(warmupSteps)
                .build();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.totalSteps = totalSteps;
        b.warmupSteps = warmupSteps;
        b.baseLr = baseLr;
        b.minLr = minLr;
        b.warmupStartLr = warmupStartLr;
        b.weightDecay = weightDecay;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.layerDecay = layerDecay;
        b.clipGradNorm = clipGradNorm;
        b.accumulationSteps = accumulationSteps;
        b.seed = seed;
        b.checkpointEvery = checkpointEvery;
        b.maxConsecutiveNonFinite = maxConsecutiveNonFinite;
        return b;
    }

    /**
     * Builder of {@link TrainerConfig}. Every value is optional ({@code optX}); the defaults: 1000 steps,
     * 100 warm-up steps from lr 0, lr 1.5e-4 → 1e-5, weight decay 0.05, β (0.9, 0.95), ε 1e-8,
     * no layer decay, no clipping, 1 micro-batch, seed 0, checkpoints only at the end, stop after 5 non-finite
     * steps in a row.
     */
    public static final class Builder {
        private long totalSteps = 1000;
        private long warmupSteps = 100;
        private double baseLr = 1.5e-4;
        private double minLr = 1e-5;
        private double warmupStartLr;
        private double weightDecay = 0.05;
        private double beta1 = 0.9;
        private double beta2 = 0.95;
        private double epsilon = 1e-8;
        private double layerDecay = 1.0;
        private double clipGradNorm;
        private int accumulationSteps = 1;
        private long seed;
        private long checkpointEvery;
        private int maxConsecutiveNonFinite = 5;

        private Builder() {}

        public Builder optTotalSteps(long v) {
            totalSteps = v;
            return this;
        }

        public Builder optWarmupSteps(long v) {
            warmupSteps = v;
            return this;
        }

        public Builder optBaseLr(double v) {
            baseLr = v;
            return this;
        }

        public Builder optMinLr(double v) {
            minLr = v;
            return this;
        }

        public Builder optWarmupStartLr(double v) {
            warmupStartLr = v;
            return this;
        }

        public Builder optWeightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder optBetas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder optEpsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder optLayerDecay(double v) {
            layerDecay = v;
            return this;
        }

        public Builder optClipGradNorm(double v) {
            clipGradNorm = v;
            return this;
        }

        public Builder optAccumulationSteps(int v) {
            accumulationSteps = v;
            return this;
        }

        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        public Builder optCheckpointEvery(long v) {
            checkpointEvery = v;
            return this;
        }

        public Builder optMaxConsecutiveNonFinite(int v) {
            maxConsecutiveNonFinite = v;
            return this;
        }

        /** Validates and builds. */
        public TrainerConfig build() {
            return new TrainerConfig(
                    totalSteps,
                    warmupSteps,
                    baseLr,
                    minLr,
                    warmupStartLr,
                    weightDecay,
                    beta1,
                    beta2,
                    epsilon,
                    layerDecay,
                    clipGradNorm,
                    accumulationSteps,
                    seed,
                    checkpointEvery,
                    maxConsecutiveNonFinite);
        }
    }
}
