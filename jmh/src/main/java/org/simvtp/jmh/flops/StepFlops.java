package org.simvtp.jmh.flops;

import java.util.List;
import java.util.Objects;

/**
 * The matmul FLOPs of one workload, split into named parts, each with its forward and backward count.
 *
 * <pre>{@code
 * StepFlops f = FlopCounter.pretrainStep(SimvtpConfig.small(), 16, 32, true);
 * double gflop = f.total() / 1e9;          // forward + backward
 * long joint = f.part("encoder.joint").forward();
 * }</pre>
 *
 * @param parts the parts in computation order
 */
public record StepFlops(List<Part> parts) {

    /**
     * One group of matmuls.
     *
     * @param name e.g. {@code encoder.joint} or {@code head.mlm}
     * @param forward FLOPs of the forward pass
     * @param backward FLOPs of the backward pass (0 for inference)
     */
    public record Part(String name, long forward, long backward) {}

    /** Copies the list. */
    public StepFlops {
        parts = List.copyOf(parts);
    }

    /** Forward FLOPs of all parts. */
    public long forward() {
        return parts.stream().mapToLong(Part::forward).sum();
    }

    /** Backward FLOPs of all parts. */
    public long backward() {
        return parts.stream().mapToLong(Part::backward).sum();
    }

    /** Forward plus backward FLOPs. */
    public long total() {
        return forward() + backward();
    }

    /**
     * The part of a name.
     *
     * @param name the part name
     * @return the part
     * @throws IllegalArgumentException if there is no such part
     */
    public Part part(String name) {
        return parts.stream()
                .filter(p -> p.name().equals(Objects.requireNonNull(name)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no FLOP part named '" + name + "' in " + parts));
    }
}
