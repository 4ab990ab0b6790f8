package org.simvtp.train;

import java.util.List;
import org.simvtp.models.nn.ReferenceBlock;

/**
 * What a {@link Trainer} trains: how to build a model replica, how to split a host-side batch between replicas
 * and how to compute the loss of one shard. Implementations: {@link org.simvtp.train.pretrain.PretrainTask}
 * (the four SimVTP losses) and {@link org.simvtp.train.finetune.RetrievalTask} (two-tower NormSoftmax).
 *
 * @param <M> the model type
 * @param <B> the host-side batch type (plain Java arrays, so it can be split and copied to any device)
 */
public interface TrainingTask<M extends ReferenceBlock, B> {

    /** A fresh, uninitialised model (the trainer initialises it and copies replica 0's weights into it). */
    M newModel();

    /** Splits {@code batch} into {@code parts} shards of equal size, in order. */
    List<B> split(B batch, int parts);

    /** Number of samples in a batch (for throughput). */
    int size(B batch);

    /**
     * Forward pass and losses of one shard.
     *
     * <pre>{@code
     * public StepLosses losses(DualEncoder model, RetrievalBatch shard, StepContext context) {
     *     NDArray video = model.encodeVideo(shard.videoArray(context.manager()), context.training());
     *     ...
     * }
     * }</pre>
     *
     * @param model the replica
     * @param shard its part of the batch
     * @param context the per-step manager on the replica's device (create every input array in it), whether
     *     dropout and drop-path are active, the step's random source (e.g. matching negatives) and the step's
     *     position (step index, replica, process group)
     * @return the total loss to back-propagate and its named components
     */
    StepLosses losses(M model, B shard, StepContext context);
}
