package org.simvtp.train.pretrain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.PretrainOutput;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.StepContext;
import org.simvtp.train.StepLosses;
import org.simvtp.train.TrainingTask;

/**
 * SimVTP pre-training: the four losses of {@link SimvtpPretrainModel} with the weights of the configuration.
 *
 * <pre>{@code
 * Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(new PretrainTask(SimvtpConfig.tiny()))
 *         .build();
 * }</pre>
 */
public final class PretrainTask implements TrainingTask<SimvtpPretrainModel, PretrainBatch> {

    private final SimvtpConfig config;
    private final boolean reuseJointForMatching;

    /** The reference task (four encoder passes). */
    public PretrainTask(SimvtpConfig config) {
        this(config, false);
    }

    /**
     * A task with the matching-pass option of {@link SimvtpPretrainModel#SimvtpPretrainModel(SimvtpConfig,
     * boolean)}.
     */
    public PretrainTask(SimvtpConfig config, boolean reuseJointForMatching) {
        this.config = config;
        this.reuseJointForMatching = reuseJointForMatching;
    }

    @Override
    public SimvtpPretrainModel newModel() {
        return new SimvtpPretrainModel(config, reuseJointForMatching);
    }

    @Override
    public List<PretrainBatch> split(PretrainBatch batch, int parts) {
        return batch.split(parts);
    }

    @Override
    public int size(PretrainBatch batch) {
        return batch.size();
    }

    @Override
    public StepLosses losses(SimvtpPretrainModel model, PretrainBatch shard, StepContext context) {
        PretrainOutput out = model.forward(shard.toInputs(context.manager()), context.training(), context.random());
        Map<String, ai.djl.ndarray.NDArray> parts = new LinkedHashMap<>();
        parts.put("loss_v", out.lossVideo());
        parts.put("loss_t", out.lossText());
        parts.put("loss_vtc", out.lossVtc());
        parts.put("loss_vtm", out.lossVtm());
        return new StepLosses(out.lossTotal(), parts);
    }

}
