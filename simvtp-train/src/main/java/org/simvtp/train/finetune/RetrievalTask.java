package org.simvtp.train.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.objective.Losses;
import org.simvtp.train.StepContext;
import org.simvtp.train.StepLosses;
import org.simvtp.train.TrainingTask;

/**
 * Two-tower retrieval fine-tuning as the reference (spec §7): video and text towers with drop-path 0.1, cosine
 * similarity of the pooled embeddings, NormSoftmax loss (τ from the configuration, 0.05) over each replica's
 * local batch.
 *
 * <pre>{@code
 * Trainer<DualEncoder, RetrievalBatch> trainer = Trainer.builder(new RetrievalTask(config))
 *         .optConfig(TrainerConfig.referenceFinetune())
 *         .optModelInitializer(dual -> PretrainedInit.intoDualEncoder(dual, pretrainedTensors))
 *         .build();
 * }</pre>
 */
public final class RetrievalTask implements TrainingTask<DualEncoder, RetrievalBatch> {

    private final SimvtpConfig config;
    private final double dropPathRate;
    private final DualEncoder.Pooling pooling;

    /** The reference task: drop-path 0.1, text pooled over every position. */
    public RetrievalTask(SimvtpConfig config) {
        this(config, DualEncoder.REFERENCE_DROP_PATH, DualEncoder.Pooling.ALL_POSITIONS);
    }

    /** A task with explicit drop-path and text pooling. */
    public RetrievalTask(SimvtpConfig config, double dropPathRate, DualEncoder.Pooling pooling) {
        this.config = config;
        this.dropPathRate = dropPathRate;
        this.pooling = pooling;
    }

    @Override
    public DualEncoder newModel() {
        return new DualEncoder(config, dropPathRate, pooling);
    }

    @Override
    public List<RetrievalBatch> split(RetrievalBatch batch, int parts) {
        return batch.split(parts);
    }

    @Override
    public int size(RetrievalBatch batch) {
        return batch.size();
    }

    @Override
    public StepLosses losses(DualEncoder model, RetrievalBatch shard, StepContext context) {
        NDManager step = context.manager();
        boolean training = context.training();
        NDArray video = model.encodeVideo(shard.videoArray(step), training);
        NDArray text = model.encodeText(shard.idsArray(step), shard.maskArray(step), training);
        NDArray loss = Losses.normSoftmax(Losses.cosineSimilarity(text, video), config.vtcTemperature());
        return new StepLosses(loss, Map.of("loss_vtc", loss));
    }
}
