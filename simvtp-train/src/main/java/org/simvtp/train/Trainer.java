package org.simvtp.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.train.checkpoint.Checkpoint;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.checkpoint.TrainingRng;
import org.simvtp.train.distributed.CheckpointBroadcast;
import org.simvtp.train.distributed.Collectives;
import org.simvtp.train.distributed.GlooGradientReducer;
import org.simvtp.train.distributed.ProcessGroup;
import org.simvtp.train.optim.Optimizer;
import org.simvtp.train.optim.OptimizerFactory;
import org.simvtp.train.parallel.GradientReducer;
import org.simvtp.train.parallel.LocalGradientReducer;
import org.simvtp.train.schedule.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel training on the devices of one machine, on DJL tensors and autograd.
 *
 * <p>One model replica per device. Each step splits the host-side batch between the replicas, runs their
 * forward and backward passes concurrently, averages the gradients through a {@link GradientReducer}, and applies
 * one {@link Optimizer} update at the learning rate of the {@link Schedule} to replica 0, whose weights are then
 * copied to the others. By default the optimizer is AdamW and the schedule cosine with warm-up, both from the
 * {@link TrainerConfig} ({@link TrainerConfig#adamW}, {@link TrainerConfig#cosineSchedule}); inject others with
 * {@link Builder#optOptimizer} and {@link Builder#optSchedule}. A step with a non-finite loss or gradient is
 * skipped and logged; {@link TrainerConfig#maxConsecutiveNonFinite()} skips in a row stop the run.
 *
 * <p>Every random draw of step s is seeded from (seed, s): the task's {@link StepContext#random()}, the engine's
 * RNG (dropout) and, through {@link BatchSource#seek}, the data. With a {@link CheckpointStore} the trainer saves
 * weights, optimizer state and {@link TrainerState} atomically and resumes from the newest valid checkpoint, so
 * N steps + save + resume + N steps equals 2N steps straight (on one replica; concurrent replicas on one CPU
 * share PyTorch's global RNG, so dropout is then not reproducible).
 *
 * <p>Several processes: with {@link Builder#optProcessGroup} the trainer broadcasts rank 0's initial weights,
 * averages gradients and logged losses over all ranks (by default through a {@link GlooGradientReducer}), lets
 * only rank 0 save checkpoints and call the listeners, and on resume rank 0 sends its newest checkpoint to the
 * others ({@link CheckpointBroadcast}); see docs/distributed.md.
 *
 * <p>Precision ({@link Builder#optPrecision}): {@link Precision#FP16} computes in float16 against float32 master
 * weights and scales the loss dynamically ({@link LossScaling}); a step whose scaled gradients overflow is skipped
 * and the scale lowered, without counting towards {@code maxConsecutiveNonFinite} until the scale is at its
 * minimum. {@link Precision#BF16} is refused (DJL 0.36 aborts the JVM on bfloat16).
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.builder().optTotalSteps(300).optWarmupSteps(30).optBaseLr(1e-3).build();
 * try (Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(new PretrainTask(simvtpConfig))
 *         .optConfig(config)
 *         .optOptimizer((parameters, manager) -> AdamW.builder().setParameters(parameters)
 *                 .optBetas(0.9, 0.95).optManager(manager).build())
 *         .optSchedule(step -> step < 30 ? 1e-3 * (step + 1) / 30 : 1e-3)
 *         .optCheckpointStore(CheckpointStore.builder().setDirectory(dir).build())
 *         .addListener(new ProgressBar(System.out))
 *         .build()) {
 *     TrainingSummary summary = trainer.fit(batches);
 * }
 * }</pre>
 *
 * @param <M> the model type
 * @param <B> the batch type
 */
public final class Trainer<M extends ReferenceBlock, B> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingTask<M, B> task;
    private final TrainerConfig config;
    private final ReplicaSet<M, B> replicas;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final TrainerCheckpoints checkpoints;
    private final List<TrainingListener> listeners;
    private final Duration maxDuration;
    private final ProcessGroup group;
    private final int rank;
    private final Precision precision;
    private final GradientScaling scaling;
    private TrainingRng rng;
    private long step;
    private long batchesConsumed;
    private long skippedSteps;
    private int consecutiveNonFinite;

    private Trainer(Builder<M, B> b) {
        task = b.task;
        config = b.config;
        group = b.group;
        rank = group == null ? 0 : group.rank();
        checkpoints = new TrainerCheckpoints(b.store);
        listeners = rank == 0 ? List.copyOf(b.listeners) : List.of();
        maxDuration = b.maxDuration;
        precision = b.precision;
        scaling = new GradientScaling(config, precision, b.lossScaling);
        rng = TrainingRng.create(config.seed());
        Engine.getInstance().setRandomSeed((int) rng.derive("init", 0));
        GradientReducer reducer = b.reducer != null
                ? b.reducer
                : group != null ? new GlooGradientReducer(group) : new LocalGradientReducer();
        replicas = new ReplicaSet<>(task, b.devices, precision, reducer, group != null);
        try {
            if (b.modelInitializer != null) {
                b.modelInitializer.accept(replicas.primary());
            }
            if (group != null) {
                Collectives.broadcast(group, replicas.weights().values(), 0);
            }
            replicas.broadcastWeights();
            replicas.allocateGradients();
            OptimizerFactory factory = b.optimizer != null ? b.optimizer : config.adamW(b.depth);
            optimizer = factory.create(replicas::weights, replicas.manager(0));
            schedule = b.schedule != null ? b.schedule : config.cosineSchedule();
        } catch (RuntimeException e) {
            replicas.close();
            throw e;
        }
    }

    /** A builder for training {@code task}. */
    public static <M extends ReferenceBlock, B> Builder<M, B> builder(TrainingTask<M, B> task) {
        return new Builder<>(task);
    }

    /** Replica 0, whose weights are the trained model. */
    public M model() {
        return replicas.primary();
    }

    /** All replicas, one per device. */
    public List<M> replicas() {
        return replicas.models();
    }

    /** Optimizer steps completed so far. */
    public long step() {
        return step;
    }

    /** The precision training computes in. */
    public Precision precision() {
        return precision;
    }

    /** The current loss scale: 1 unless the precision scales the loss ({@link Precision#FP16}). */
    public double lossScale() {
        return scaling.scale();
    }

    /** The optimizer (its state is part of every checkpoint). */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Restores the newest valid checkpoint of the store, if any; corrupt or partial ones are logged and skipped.
     *
     * @return the step restored, or empty when there was nothing to resume
     */
    public Optional<Long> resume() {
        if (group == null) {
            return checkpoints.latest().map(this::restore);
        }
        try {
            Optional<Checkpoint> mine = rank == 0 ? checkpoints.latest() : Optional.empty();
            AtomicReference<Optional<Long>> restored = new AtomicReference<>(Optional.empty());
            CheckpointBroadcast.share(group, mine, c -> restored.set(c.map(this::restore)));
            return restored.get();
        } catch (IOException e) {
            throw new UncheckedIOException("rank " + rank + " cannot resume from rank 0's checkpoint", e);
        }
    }

    private long restore(Checkpoint c) {
        TrainerState state = checkpoints.load(c, model(), optimizer, replicas.manager(0));
        step = state.step();
        batchesConsumed = state.batchesConsumed();
        skippedSteps = state.skippedSteps();
        rng = state.rng();
        if (scaling.scalesLoss() && state.lossScaler() == null) {
            LOG.info(
                    "{} holds no loss-scaler state (saved in {}); starting from scale {}",
                    c.directory(),
                    state.precision(),
                    scaling.scale());
        } else if (scaling.scalesLoss()) {
            scaling.restore(state.lossScaler());
        }
        replicas.broadcastWeights();
        LOG.info("resumed from {} at step {}", c.directory(), step);
        return step;
    }

    /**
     * Trains until {@link TrainerConfig#totalSteps()} (or the time budget), resuming first from the checkpoint
     * store when it holds a valid checkpoint.
     *
     * @param source the batches; positioned with {@link BatchSource#seek} after a resume
     * @return what happened
     */
    public TrainingSummary fit(BatchSource<B> source) {
        resume();
        source.seek(batchesConsumed);
        long startStep = step;
        listeners.forEach(l -> l.onStart(startStep, config.totalSteps()));
        long start = System.nanoTime();
        List<StepRecord> history = new ArrayList<>();
        long samples = 0;
        long deadline = maxDuration == null ? Long.MAX_VALUE : start + maxDuration.toNanos();
        while (step < config.totalSteps() && !timeIsUp(deadline)) {
            StepRecord record = trainStep(source);
            samples += record.samples();
            history.add(record);
            listeners.forEach(l -> l.onStep(record));
            if (writesCheckpoints() && config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
                saveCheckpoint();
            }
        }
        if (writesCheckpoints() && (config.checkpointEvery() == 0 || step % config.checkpointEvery() != 0)) {
            saveCheckpoint();
        }
        Map<String, Double> first =
                history.isEmpty() ? Map.of() : history.get(0).losses();
        Map<String, Double> last =
                history.isEmpty() ? Map.of() : history.get(history.size() - 1).losses();
        TrainingSummary summary = new TrainingSummary(
                startStep,
                step,
                skippedSteps,
                first,
                last,
                (System.nanoTime() - start) / 1e9,
                samples,
                List.copyOf(history));
        listeners.forEach(l -> l.onEnd(summary));
        return summary;
    }

    private boolean writesCheckpoints() {
        return checkpoints.enabled() && rank == 0;
    }

    /** Whether the time budget is spent; with a process group, rank 0 decides for everybody. */
    private boolean timeIsUp(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return false;
        }
        boolean up = System.nanoTime() >= deadline;
        return group == null ? up : Collectives.broadcastLongs(group, new long[] {up ? 1 : 0}, 0)[0] == 1;
    }

    private StepRecord trainStep(BatchSource<B> source) {
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) rng.derive(rank == 0 ? "engine" : "engine/rank" + rank, step));
        Map<String, Double> lossSums = new LinkedHashMap<>();
        int samples = 0;
        int n = replicas.size();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int micro = 0; micro < config.accumulationSteps(); micro++) {
                B batch = source.next();
                batchesConsumed++;
                samples += task.size(batch);
                List<Map<String, Double>> results =
                        replicas.forwardBackward(gc, replicas.split(batch), contexts(micro), scaling::objective, step);
                for (Map<String, Double> r : results) {
                    r.forEach((k, v) -> lossSums.merge(k, v / (n * config.accumulationSteps()), Double::sum));
                }
            }
        }
        Map<String, Double> losses = group == null ? lossSums : Collectives.mean(group, lossSums);
        boolean finite = losses.values().stream().allMatch(Double::isFinite);
        double norm = Double.NaN;
        double scaleUsed = lossScale();
        try (NDManager scope = replicas.manager(0).newSubManager()) {
            Collection<NDArray> gradients = replicas.reducedGradients(scope).values();
            if (finite) {
                norm = scaling.unscaleAndClip(gradients);
                finite = Double.isFinite(norm);
            }
        }
        double lr = schedule.valueAt(step);
        scaling.update(!finite);
        if (finite) {
            consecutiveNonFinite = 0;
            optimizer.update(lr, config.weightDecay());
            replicas.broadcastWeights();
        } else if (scaling.curableOverflow(scaleUsed)) {
            skippedSteps++;
            LOG.info(
                    "step {}: overflow at loss scale {} (losses {}), step skipped, scale now {}",
                    step + 1,
                    scaleUsed,
                    losses,
                    scaling.scale());
        } else {
            skippedSteps++;
            consecutiveNonFinite++;
            LOG.warn("step {}: non-finite loss or gradient {} (norm {}), step skipped", step + 1, losses, norm);
            if (consecutiveNonFinite >= config.maxConsecutiveNonFinite()) {
                throw new TrainingDivergedException(consecutiveNonFinite + " consecutive steps had non-finite losses"
                        + " or gradients (last: " + losses + "); lower the learning rate or enable clipping");
            }
        }
        // the optimizer already zeroed replica 0's gradients when it applied the step
        replicas.zeroGradients(finite ? 1 : 0);
        step++;
        return new StepRecord(
                step,
                config.totalSteps(),
                lr,
                Map.copyOf(losses),
                samples,
                (System.nanoTime() - t0) / 1e9,
                !finite,
                norm);
    }

    /** The contexts of micro-batch {@code micro} of the current step; the random source as in every version. */
    private ReplicaSet.Contexts contexts(int micro) {
        long current = step;
        int count = replicas.size();
        return (replica, manager) -> {
            int globalReplica = rank * count + replica;
            Random random = new Random(
                    rng.derive("task", (current * config.accumulationSteps() + micro) * 1024 + globalReplica));
            return new StepContext(manager, random, true, current, replica, count, group);
        };
    }

    /** Writes a checkpoint of the current state to the store (atomically). */
    public Checkpoint saveCheckpoint() {
        Checkpoint c = checkpoints.save(
                replicas.weights(),
                optimizer,
                new TrainerState(
                        step, batchesConsumed, skippedSteps, rng, precision, scaling.state(), config.toString()));
        listeners.forEach(l -> l.onCheckpoint(step, c.directory()));
        return c;
    }

    /** Frees the optimizer state, the replicas and their threads. */
    @Override
    public void close() {
        try {
            optimizer.close();
        } finally {
            replicas.close();
        }
    }

    /**
     * Builder of {@link Trainer}.
     *
     * @param <M> the model type
     * @param <B> the batch type
     */
    public static final class Builder<M extends ReferenceBlock, B> {
        private final TrainingTask<M, B> task;
        private TrainerConfig config = TrainerConfig.builder().build();
        private List<Device> devices = List.of(Device.cpu());
        private GradientReducer reducer;
        private ProcessGroup group;
        private CheckpointStore store;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Consumer<M> modelInitializer;
        private int depth;
        private Duration maxDuration;
        private Precision precision = Precision.FP32;
        private LossScaling lossScaling = LossScaling.reference();
        private OptimizerFactory optimizer;
        private Schedule schedule;

        private Builder(TrainingTask<M, B> task) {
            this.task = task;
        }

        /** Optimisation settings; default {@code TrainerConfig.builder().build()}. */
        public Builder<M, B> optConfig(TrainerConfig config) {
            this.config = config;
            return this;
        }

        /** One replica per device; default the CPU. The same device may appear twice (tests). */
        public Builder<M, B> optDevices(List<Device> devices) {
            this.devices = devices == null ? null : List.copyOf(devices);
            return this;
        }

        /**
         * How replicas exchange gradients; default {@link LocalGradientReducer}, or a {@link GlooGradientReducer}
         * over the process group when one is set.
         */
        public Builder<M, B> optGradientReducer(GradientReducer reducer) {
            this.reducer = reducer;
            return this;
        }

        /**
         * Trains as one rank of a multi-process run: rank 0's initial weights are broadcast, gradients and logged
         * losses are averaged over all ranks, only rank 0 saves checkpoints and calls listeners, and resume uses
         * rank 0's newest checkpoint. The group stays owned by the caller (close it after the trainer).
         *
         * @param group e.g. {@code GlooProcessGroup.connect(DistributedConfig.fromEnvironment())}
         * @return this builder
         */
        public Builder<M, B> optProcessGroup(ProcessGroup group) {
            this.group = group;
            return this;
        }

        /** Where checkpoints go; training resumes from its newest valid checkpoint. */
        public Builder<M, B> optCheckpointStore(CheckpointStore store) {
            this.store = store;
            return this;
        }

        /** Runs on replica 0 after initialisation (e.g. loading pre-trained weights), before replication. */
        public Builder<M, B> optModelInitializer(Consumer<M> initializer) {
            this.modelInitializer = initializer;
            return this;
        }

        /**
         * Encoder depth for the default optimizer's layer decay, needed when {@link TrainerConfig#layerDecay()} is
         * below 1 (ignored with {@link #optOptimizer}).
         */
        public Builder<M, B> optEncoderDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * The optimizer, created once the replicas exist over replica 0's weights; default
         * {@link TrainerConfig#adamW config.adamW(encoderDepth)}. Its state is
         * checkpointed through {@link Optimizer#stateDict()}.
         *
         * @param factory the factory, or null for the default
         * @return this builder
         */
        public Builder<M, B> optOptimizer(OptimizerFactory factory) {
            this.optimizer = factory;
            return this;
        }

        /**
         * The learning rate per step, evaluated at the 0-based step index for every step below
         * {@link TrainerConfig#totalSteps()}; default {@link TrainerConfig#cosineSchedule
         * config.cosineSchedule()}.
         *
         * @param schedule the schedule, or null for the default
         * @return this builder
         */
        public Builder<M, B> optSchedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Stops {@link Trainer#fit} after this wall time even if fewer than {@code totalSteps} steps ran (the
         * schedule still spans {@code totalSteps}); a final checkpoint is written as usual.
         */
        public Builder<M, B> optMaxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        /**
         * The precision to compute in; default {@link Precision#FP32}.
         *
         * @param precision FP32 or FP16
         * @return this builder
         * @throws UnsupportedOperationException for {@link Precision#BF16} (DJL 0.36 aborts the JVM on bfloat16)
         */
        public Builder<M, B> optPrecision(Precision precision) {
            precision.requireSupported();
            this.precision = precision;
            return this;
        }

        /** Loss-scaling settings for {@link Precision#FP16}; default {@link LossScaling#reference()}. */
        public Builder<M, B> optLossScaling(LossScaling lossScaling) {
            this.lossScaling = lossScaling;
            return this;
        }

        /** Adds a listener (progress bar, metrics file, plot). */
        public Builder<M, B> addListener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * Builds the replicas and the optimizer.
         *
         * @return the trainer; close it
         * @throws IllegalArgumentException naming the setting if one is missing or out of range
         */
        public Trainer<M, B> build() {
            require(task != null, "the training task is null");
            require(config != null, "optConfig: the trainer configuration is null");
            require(devices != null && !devices.isEmpty(), "optDevices: at least one device is needed");
            require(lossScaling != null, "optLossScaling: the loss-scaling settings are null");
            require(depth >= 0, "optEncoderDepth: the encoder depth must be >= 0, got " + depth);
            require(
                    maxDuration == null || (!maxDuration.isNegative() && !maxDuration.isZero()),
                    "optMaxDuration: the time budget must be positive, got " + maxDuration);
            return new Trainer<>(this);
        }

        private static void require(boolean ok, String problem) {
            if (!ok) {
                throw new IllegalArgumentException(problem);
            }
        }
    }
}
