package org.simvtp.train;

import ai.djl.ndarray.NDManager;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.simvtp.train.distributed.ProcessGroup;

/**
 * What a {@link TrainingTask} gets besides the model and its shard when it computes the losses of one replica
 * in one step: where to allocate, the step's random source and where the step sits in the run.
 *
 * <pre>{@code
 * public StepLosses losses(MyModel model, MyBatch shard, StepContext context) {
 *     NDArray x = shard.toArray(context.manager());          // freed when the step ends
 *     NDArray y = model.forward(x, context.training(), context.random());
 *     ...
 * }
 * }</pre>
 */
public final class StepContext {

    private final NDManager manager;
    private final Random random;
    private final boolean training;
    private final long step;
    private final int replica;
    private final int replicaCount;
    private final ProcessGroup processGroup;

    /**
     * Creates a context.
     *
     * @param manager the per-step manager on the replica's device
     * @param random the step's random source
     * @param training whether dropout and drop-path are active
     * @param step the 0-based index of the training step being computed
     * @param replica the local replica index, {@code 0 <= replica < replicaCount}
     * @param replicaCount the number of replicas in this process
     * @param processGroup the trainer's process group, or null in a single-process run
     * @throws IllegalArgumentException naming the value if an index is out of range
     */
    public StepContext(
            NDManager manager,
            Random random,
            boolean training,
            long step,
            int replica,
            int replicaCount,
            ProcessGroup processGroup) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.random = Objects.requireNonNull(random, "random");
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (replicaCount < 1 || replica < 0 || replica >= replicaCount) {
            throw new IllegalArgumentException("replica " + replica + " is not in [0, " + replicaCount + ")");
        }
        this.training = training;
        this.step = step;
        this.replica = replica;
        this.replicaCount = replicaCount;
        this.processGroup = processGroup;
    }

    /**
     * A single-process, single-replica context at step 0 (evaluation, benchmarks, tests).
     *
     * @param manager where to allocate the step's arrays
     * @param random the random source
     * @param training whether dropout and drop-path are active
     * @return the context
     */
    public static StepContext of(NDManager manager, Random random, boolean training) {
        return new StepContext(manager, random, training, 0, 0, 1, null);
    }

    /**
     * The per-step sub-manager on the replica's device: create every input array in it; it is closed when the
     * step's backward pass is done.
     *
     * @return the manager
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * The step's random source (e.g. for matching negatives), seeded from the run's seed, the step, the
     * micro-batch and the global replica index, so a resumed run draws the same numbers.
     *
     * @return the random source
     */
    public Random random() {
        return random;
    }

    /**
     * Whether the pass trains (dropout and drop-path active).
     *
     * @return true inside {@link Trainer#fit}
     */
    public boolean training() {
        return training;
    }

    /**
     * The 0-based index of the training step being computed: {@link Trainer#step()} before the step completes,
     * the iteration the schedule is evaluated at (skipped steps count).
     *
     * @return the step index
     */
    public long step() {
        return step;
    }

    /**
     * The index of this replica among the replicas of this process.
     *
     * @return the local replica index
     */
    public int replica() {
        return replica;
    }

    /**
     * The number of replicas in this process (one per device); a multi-process run has this many per rank.
     *
     * @return the local replica count
     */
    public int replicaCount() {
        return replicaCount;
    }

    /**
     * The trainer's process group in a multi-process run.
     *
     * @return the group, or empty in a single-process run
     */
    public Optional<ProcessGroup> processGroup() {
        return Optional.ofNullable(processGroup);
    }

    @Override
    public String toString() {
        return "StepContext[step=" + step + ", replica=" + replica + "/" + replicaCount + ", training=" + training
                + (processGroup == null ? "" : ", rank=" + processGroup.rank()) + "]";
    }
}
