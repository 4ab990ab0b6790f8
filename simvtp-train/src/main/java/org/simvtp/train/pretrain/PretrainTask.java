package org.simvtp.train.pretrain;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.PretrainOutput;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.objective.FeatureGather;
import org.simvtp.train.StepContext;
import org.simvtp.train.StepLosses;
import org.simvtp.train.TrainingTask;
import org.simvtp.train.distributed.GroupFeatureGather;
import org.simvtp.train.distributed.ProcessGroup;

/**
 * SimVTP pre-training: the objectives of a {@link SimvtpPretrainModel}, each logged under its loss key
 * ({@code loss_v}, {@code loss_t}, {@code loss_vtc}, {@code loss_vtm}, …).
 *
 * <p>The trainer builds one model per replica, so the task takes a factory: build the model (with fresh parts and
 * objectives) inside it. In a multi-process run the objectives see the process group through a
 * {@link FeatureGather} (global VTC negatives); with several local replicas per process a global gather is not
 * available and an objective asking for one fails with a message.
 *
 * <pre>{@code
 * PretrainTask task = new PretrainTask(() -> SimvtpPretrainModel.tiny().optMode(ExecutionMode.EFFICIENT).build());
 * Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(task).build();
 * }</pre>
 */
public final class PretrainTask implements TrainingTask<SimvtpPretrainModel, PretrainBatch> {

    private final Supplier<SimvtpPretrainModel> models;

    /** The reference model and objectives for {@code config}. */
    public PretrainTask(SimvtpConfig config) {
        this(() -> SimvtpPretrainModel.builder().setConfig(config).build());
    }

    /**
     * A task training the models {@code models} builds.
     *
     * @param models builds a fresh, uninitialised model on every call (one per replica)
     */
    public PretrainTask(Supplier<SimvtpPretrainModel> models) {
        this.models = models;
    }

    @Override
    public SimvtpPretrainModel newModel() {
        return models.get();
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
        PretrainOutput out = model.forward(
                shard.toInputs(context.manager()),
                context.training(),
                context.random(),
                gatherFor(context.processGroup(), context.replicaCount()));
        return new StepLosses(out.lossTotal(), new LinkedHashMap<String, NDArray>(out.losses()));
    }

    /** Feature exchange for a replica: over the group with one replica per process, unavailable otherwise. */
    static FeatureGather gatherFor(Optional<ProcessGroup> group, int replicaCount) {
        if (replicaCount == 1) {
            return group.<FeatureGather>map(GroupFeatureGather::new).orElse(FeatureGather.LOCAL);
        }
        int world = replicaCount * group.map(ProcessGroup::size).orElse(1);
        return new FeatureGather() {
            @Override
            public int worldSize() {
                return world;
            }

            @Override
            public int rank() {
                throw new UnsupportedOperationException("no global rank for a local replica");
            }

            @Override
            public NDArray allGather(NDArray local) {
                throw new UnsupportedOperationException("global negatives need one replica (device) per process; this"
                        + " trainer runs " + replicaCount + " replicas per process: start one process per device");
            }
        };
    }
}
