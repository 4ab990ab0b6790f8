package org.simvtp.train;

import java.util.List;
import java.util.function.BiFunction;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

/**
 * Test helper: the reference pre-training task whose losses pass through {@code tamper(call, losses)} (call
 * counted from 1 over all shards), e.g. to inject non-finite or overflowing losses at chosen steps.
 */
final class TamperedLossTask implements TrainingTask<SimvtpPretrainModel, PretrainBatch> {
    private final PretrainTask inner;
    private final BiFunction<Long, StepLosses, StepLosses> tamper;
    private long calls;

    TamperedLossTask(SimvtpConfig config, BiFunction<Long, StepLosses, StepLosses> tamper) {
        this.inner = new PretrainTask(config);
        this.tamper = tamper;
    }

    @Override
    public SimvtpPretrainModel newModel() {
        return inner.newModel();
    }

    @Override
    public List<PretrainBatch> split(PretrainBatch batch, int parts) {
        return inner.split(batch, parts);
    }

    @Override
    public int size(PretrainBatch batch) {
        return batch.size();
    }

    @Override
    public StepLosses losses(SimvtpPretrainModel model, PretrainBatch shard, StepContext context) {
        return tamper.apply(++calls, inner.losses(model, shard, context));
    }
}
