package org.simvtp.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.simvtp.data.video.DecodedClip;

/**
 * RandAugment for video (timm semantics as copied into SimVTP's {@code rand_augment.py}; spec §5.2): the same
 * ops, magnitudes and signs for every frame of a clip, drawn once per clip.
 *
 * <p>Per clip: draw {@code numOps} ops uniformly with replacement from {@link #ops()} (all indices first, as
 * {@code np.random.choice} does); then for each op in order: skip it unless {@code u < probability}
 * (no draw when the probability is 1); magnitude {@code m = magnitude + magnitudeStd * N(0, 1)} when
 * {@code magnitudeStd > 0}, clipped to {@code [0, 10]}; for signed ops a sign, negative when {@code u > 0.5};
 * then the op's argument ({@link RandAugmentOp#argument}) and the op on all frames. Geometric ops use PIL
 * bicubic ({@link AffineWarp}) with fill grey 128.
 *
 * <p>The reference ({@link #reference()}) is {@code "rand-m7-n4-mstd0.5-inc1"} with the hparams SimVTP passes:
 * {@code translate_const = int(224 * 0.45) = 100}, bicubic. Note that the increasing op set contains
 * {@code TranslateXRel/TranslateYRel}, which shift by {@code translate_pct = 0.45 * m/10} of the frame's width /
 * height and never read {@code translate_const} (checked in SimVTP's {@code rand_augment.py} and
 * {@code video_transforms.py}); the spec's "translate_const 100 px" therefore has no effect in the reference.
 * For an absolute shift of {@code 100 * m/10} px use {@link Builder#optAbsoluteTranslate(double)}.
 *
 * <p>The Java RNG differs from Python's, so draws match the reference in distribution, not value by value.
 *
 * <pre>{@code
 * RandAugment ra = RandAugment.reference();
 * DecodedClip out = ra.apply(clip, new SplittableRandom(7));
 * RandAugment custom = RandAugment.parse("rand-m9-n2-mstd0.5-inc1").optFill(0).build();
 * }</pre>
 */
public final class RandAugment implements SpatialTransform {
    /** The reference configuration string (VideoMAE / SimVTP {@code --aa} default). */
    public static final String REFERENCE_CONFIG = "rand-m7-n4-mstd0.5-inc1";

    private final List<RandAugmentOp> ops;
    private final int numOps;
    private final double magnitude;
    private final double magnitudeStd;
    private final double probability;
    private final double translateConst;
    private final double translatePct;
    private final int fill;

    private RandAugment(Builder b) {
        this.ops = List.copyOf(b.ops);
        this.numOps = b.numOps;
        this.magnitude = b.magnitude;
        this.magnitudeStd = b.magnitudeStd;
        this.probability = b.probability;
        this.translateConst = b.translateConst;
        this.translatePct = b.translatePct;
        this.fill = b.fill;
    }

    /**
     * The reference fine-tuning RandAugment: {@code rand-m7-n4-mstd0.5-inc1}, op probability 0.5,
     * translateConst 100, translatePct 0.45, fill 128.
     *
     * @return the transform
     */
    public static RandAugment reference() {
        return parse(REFERENCE_CONFIG).build();
    }

    /**
     * A builder with timm's defaults: 2 ops, magnitude 10, no noise, probability 0.5, the standard op set,
     * translateConst 100 (SimVTP's hparam; timm's own default is 250), translatePct 0.45, fill 128.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a timm config string {@code rand-<part>-<part>...}: {@code m<int>} magnitude, {@code n<int>}
     * number of ops, {@code mstd<float>} magnitude noise, {@code inc<any>} the increasing op set. As in timm,
     * a part is split at its first digit, parts without a digit are ignored, and {@code inc0} also selects the
     * increasing set ({@code bool("0")} is true in Python). Unlike timm, {@code w} (weighted op choice) and
     * unknown keys are rejected instead of silently ignored.
     *
     * @param config e.g. {@code "rand-m7-n4-mstd0.5-inc1"}
     * @return a builder holding the parsed values (other settings at their defaults)
     * @throws IllegalArgumentException on a malformed or unsupported string
     */
    public static Builder parse(String config) {
        Objects.requireNonNull(config, "config");
        String[] parts = config.split("-", -1);
        if (!parts[0].equals("rand")) {
            throw new IllegalArgumentException("RandAugment config '" + config + "' must start with 'rand'");
        }
        Builder b = builder();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int digit = firstDigit(part);
            if (digit < 0) {
                continue;
            }
            String key = part.substring(0, digit);
            String value = part.substring(digit);
            try {
                switch (key) {
                    case "m":
                        b.optMagnitude(Integer.parseInt(value));
                        break;
                    case "n":
                        b.optNumOps(Integer.parseInt(value));
                        break;
                    case "mstd":
                        b.optMagnitudeStd(Double.parseDouble(value));
                        break;
                    case "inc":
                        b.optOps(RandAugmentOp.increasing());
                        break;
                    default:
                        throw new IllegalArgumentException(
                                "unsupported RandAugment key '" + key + "' in '" + config + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bad value '" + value + "' for '" + key + "' in RandAugment " + "config '" + config + "'", e);
            }
        }
        return b;
    }

    private static int firstDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One applied op of a {@link Plan}.
     *
     * @param op the op
     * @param magnitude the magnitude after noise and clipping
     * @param argument the op's argument ({@link RandAugmentOp#argument})
     */
    public record Step(RandAugmentOp op, double magnitude, double argument) {}

    /**
     * The random choices for one clip: the ops that passed their probability draw, in order.
     *
     * @param steps applied steps
     * @param settings the transform that drew them (supplies fill)
     */
    public record Plan(List<Step> steps, RandAugment settings) {
        /**
         * Copies the step list.
         */
        public Plan {
            steps = List.copyOf(steps);
            Objects.requireNonNull(settings, "settings");
        }

        /**
         * Applies the steps to every frame.
         *
         * @param clip uint8 frames
         * @return the augmented clip
         */
        public DecodedClip apply(DecodedClip clip) {
            DecodedClip out = clip;
            for (Step s : steps) {
                out = s.op().apply(out, s.argument(), settings);
            }
            return out;
        }
    }

    /**
     * Draws the ops, magnitudes and signs for one clip.
     *
     * @param rng source of randomness
     * @return the plan
     */
    public Plan plan(RandomGenerator rng) {
        int[] chosen = new int[numOps];
        for (int i = 0; i < numOps; i++) {
            chosen[i] = rng.nextInt(ops.size());
        }
        List<Step> steps = new ArrayList<>(numOps);
        for (int index : chosen) {
            RandAugmentOp op = ops.get(index);
            if (probability < 1.0 && !(rng.nextDouble() < probability)) {
                continue;
            }
            double m = magnitude;
            if (magnitudeStd > 0) {
                m = magnitude + magnitudeStd * rng.nextGaussian();
            }
            m = Math.min(RandAugmentOp.MAX_LEVEL, Math.max(0.0, m));
            boolean negate = op.signed() && rng.nextDouble() > 0.5;
            steps.add(new Step(op, m, op.argument(m, negate, this)));
        }
        return new Plan(steps, this);
    }

    @Override
    public DecodedClip apply(DecodedClip clip, RandomGenerator rng) {
        return plan(rng).apply(clip);
    }

    /**
     * The op set drawn from.
     *
     * @return the ops
     */
    public List<RandAugmentOp> ops() {
        return ops;
    }

    /**
     * Ops per clip ({@code n}).
     *
     * @return n
     */
    public int numOps() {
        return numOps;
    }

    /**
     * Mean magnitude ({@code m}).
     *
     * @return m
     */
    public double magnitude() {
        return magnitude;
    }

    /**
     * Standard deviation of the magnitude noise ({@code mstd}).
     *
     * @return mstd
     */
    public double magnitudeStd() {
        return magnitudeStd;
    }

    /**
     * Probability that a drawn op is applied.
     *
     * @return the probability
     */
    public double probability() {
        return probability;
    }

    /**
     * Pixels of {@code TranslateX/Y} at magnitude 10.
     *
     * @return translate_const
     */
    public double translateConst() {
        return translateConst;
    }

    /**
     * Fraction of the frame size of {@code TranslateXRel/YRel} at magnitude 10.
     *
     * @return translate_pct
     */
    public double translatePct() {
        return translatePct;
    }

    /**
     * Grey level of pixels uncovered by geometric ops.
     *
     * @return the fill value
     */
    public int fill() {
        return fill;
    }

    /**
     * A builder holding this transform's settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ops = new ArrayList<>(ops);
        b.numOps = numOps;
        b.magnitude = magnitude;
        b.magnitudeStd = magnitudeStd;
        b.probability = probability;
        b.translateConst = translateConst;
        b.translatePct = translatePct;
        b.fill = fill;
        return b;
    }

    @Override
    public String toString() {
        return "RandAugment[n=" + numOps + ", m=" + magnitude + ", mstd=" + magnitudeStd + ", p=" + probability
                + ", ops=" + ops.size() + "]";
    }

    /** Builder for {@link RandAugment}; every setting has a default, validated in {@link #build()}. */
    public static final class Builder {
        private List<RandAugmentOp> ops = new ArrayList<>(RandAugmentOp.standard());
        private int numOps = 2;
        private double magnitude = RandAugmentOp.MAX_LEVEL;
        private double magnitudeStd;
        private double probability = 0.5;
        private double translateConst = 100;
        private double translatePct = 0.45;
        private int fill = 128;

        private Builder() {}

        /**
         * Sets the op set (ops may repeat to weight them).
         *
         * @param value non-empty list
         * @return this builder
         */
        public Builder optOps(List<RandAugmentOp> value) {
            this.ops = new ArrayList<>(value);
            return this;
        }

        /**
         * Replaces {@code TranslateXRel/YRel} in the op set by the absolute {@code TranslateX/Y} with the given
         * shift at magnitude 10 (the spec's literal "translate_const 100 px" reading; not the reference).
         *
         * @param pixels shift at magnitude 10
         * @return this builder
         */
        public Builder optAbsoluteTranslate(double pixels) {
            this.translateConst = pixels;
            List<RandAugmentOp> swapped = new ArrayList<>(ops.size());
            for (RandAugmentOp op : ops) {
                swapped.add(
                        op == RandAugmentOp.TRANSLATE_X_REL
                                ? RandAugmentOp.TRANSLATE_X
                                : op == RandAugmentOp.TRANSLATE_Y_REL ? RandAugmentOp.TRANSLATE_Y : op);
            }
            this.ops = swapped;
            return this;
        }

        /**
         * Sets the number of ops per clip.
         *
         * @param value n &ge; 0 (0 disables the transform)
         * @return this builder
         */
        public Builder optNumOps(int value) {
            this.numOps = value;
            return this;
        }

        /**
         * Sets the mean magnitude.
         *
         * @param value m in [0, 10]
         * @return this builder
         */
        public Builder optMagnitude(double value) {
            this.magnitude = value;
            return this;
        }

        /**
         * Sets the magnitude noise.
         *
         * @param value standard deviation &ge; 0
         * @return this builder
         */
        public Builder optMagnitudeStd(double value) {
            this.magnitudeStd = value;
            return this;
        }

        /**
         * Sets the probability that a drawn op is applied.
         *
         * @param value in [0, 1]
         * @return this builder
         */
        public Builder optProbability(double value) {
            this.probability = value;
            return this;
        }

        /**
         * Sets the shift of {@code TranslateX/Y} at magnitude 10.
         *
         * @param value pixels &ge; 0
         * @return this builder
         */
        public Builder optTranslateConst(double value) {
            this.translateConst = value;
            return this;
        }

        /**
         * Sets the shift of {@code TranslateXRel/YRel} at magnitude 10.
         *
         * @param value fraction of the frame size &ge; 0
         * @return this builder
         */
        public Builder optTranslatePct(double value) {
            this.translatePct = value;
            return this;
        }

        /**
         * Sets the fill grey level of geometric ops.
         *
         * @param value 0..255
         * @return this builder
         */
        public Builder optFill(int value) {
            this.fill = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the transform
         * @throws IllegalArgumentException if a setting is out of range
         */
        public RandAugment build() {
            check(!ops.isEmpty(), "op set is empty");
            check(!ops.contains(null), "op set contains null");
            check(numOps >= 0, "numOps must be >= 0, got " + numOps);
            check(
                    magnitude >= 0 && magnitude <= RandAugmentOp.MAX_LEVEL,
                    "magnitude must be in [0, 10], got " + magnitude);
            check(
                    magnitudeStd >= 0 && Double.isFinite(magnitudeStd),
                    "magnitudeStd must be finite and >= 0, got " + magnitudeStd);
            check(probability >= 0 && probability <= 1, "probability must be in [0, 1], got " + probability);
            check(
                    translateConst >= 0 && Double.isFinite(translateConst),
                    "translateConst must be finite and >= 0, got " + translateConst);
            check(
                    translatePct >= 0 && Double.isFinite(translatePct),
                    "translatePct must be finite and >= 0, got " + translatePct);
            check(fill >= 0 && fill <= 255, "fill must be in [0, 255], got " + fill);
            return new RandAugment(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("RandAugment: " + message);
            }
        }
    }
}
