package org.simvtp.models.objective;

/**
 * The name, loss key and weight of an {@link Objective}, checked once; subclasses add passes, parts and the loss.
 *
 * <pre>{@code
 * final class MeanColour extends AbstractObjective {
 *     MeanColour() { super("mean_colour", 0.1); }
 *     public Set<EncoderPass> passes() { return EnumSet.of(EncoderPass.VIDEO); }
 *     public NDArray loss(PretrainStep step) { ... }
 * }
 * }</pre>
 */
public abstract class AbstractObjective implements Objective {

    private final String name;
    private final String lossName;
    private final double weight;

    /**
     * An objective logged as {@code "loss_" + name}.
     *
     * @param name short unique name
     * @param weight loss weight, finite and ≥ 0
     * @throws IllegalArgumentException for a blank name or a bad weight
     */
    protected AbstractObjective(String name, double weight) {
        this(name, "loss_" + name, weight);
    }

    /**
     * An objective with its own loss key (the reference's {@code loss_v}, {@code loss_t}).
     *
     * @param name short unique name
     * @param lossName key of the loss in logs and metrics
     * @param weight loss weight, finite and ≥ 0
     * @throws IllegalArgumentException for a blank name or a bad weight
     */
    protected AbstractObjective(String name, String lossName, double weight) {
        if (name == null || name.isBlank() || lossName == null || lossName.isBlank()) {
            throw new IllegalArgumentException(
                    "an objective needs a name and a loss name, got '" + name + "', '" + lossName + "'");
        }
        if (!(weight >= 0 && Double.isFinite(weight))) {
            throw new IllegalArgumentException(name + " weight must be finite and >= 0, got " + weight);
        }
        this.name = name;
        this.lossName = lossName;
        this.weight = weight;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String lossName() {
        return lossName;
    }

    @Override
    public final double weight() {
        return weight;
    }

    @Override
    public String toString() {
        return name + "(weight=" + weight + ")";
    }
}
