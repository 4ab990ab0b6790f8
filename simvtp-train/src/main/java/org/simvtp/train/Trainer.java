package org.simvtp.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.simvtp.models.StateDictLoader;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.train.checkpoint.Checkpoint;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.checkpoint.IOConsumer;
import org.simvtp.train.checkpoint.LatestCheckpoint;
import org.simvtp.train.checkpoint.TrainingRng;
import org.simvtp.train.distributed.CheckpointBroadcast;
import org.simvtp.train.distributed.Collectives;
import org.simvtp.train.distributed.GlooGradientReducer;
import org.simvtp.train.distributed.ProcessGroup;
import org.simvtp.train.optim.AdamW;
import org.simvtp.train.optim.DynamicLossScaler;
import org.simvtp.train.optim.GradientClipping;
import org.simvtp.train.optim.LayerwiseLrDecay;
import org.simvtp.train.optim.WeightDecayRule;
import org.simvtp.train.parallel.GradientReducer;
import org.simvtp.train.parallel.LocalGradientReducer;
import org.simvtp.train.schedule.CosineWithWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel training on the devices of one machine, on DJL tensors and autograd.
 *
 * <p>One model replica per device. Each step splits the host-side batch between the replicas, runs their
 * forward and backward passes concurrently (one thread per replica, under DJL's single gradient collector),
 * averages the gradients through a {@link GradientReducer}, and applies one AdamW step with one step counter
 * to replica 0, whose weights are then copied to the others, so replicas stay identical. With one device
 * (e.g. the CPU) the same code runs without threads. A step with a non-finite loss or gradient is skipped
 * and logged; {@link TrainerConfig#maxConsecutiveNonFinite()} skips in a row stop the run.
 *
 * <p>Every random draw of step s is seeded from (seed, s): the task's {@link Random}, the engine's RNG
 * (dropout) and, through {@link BatchSource#seek}, the data. With a {@link CheckpointStore} the trainer saves
 * weights, optimizer state, step, data position and RNG state atomically and resumes from the newest valid
 * checkpoint, so N steps + save + resume + N steps equals 2N steps straight (on one replica; concurrent
 * replicas on one CPU share PyTorch's global RNG, so dropout is then not reproducible).
 *
 * <p>Several processes (machines): with {@link Builder#optProcessGroup} the trainer broadcasts rank 0's initial
 * weights, averages gradients and logged losses over all ranks (by default through a {@link GlooGradientReducer}),
 * and lets only rank 0 save checkpoints and call the listeners; on resume rank 0 sends its newest checkpoint to
 * the others ({@link CheckpointBroadcast}). Each rank's {@link BatchSource} delivers that rank's shard of the
 * global batch; see docs/distributed.md.
 *
 * <p>Precision ({@link Builder#optPrecision}): {@link Precision#FP32} by default. {@link Precision#FP16} computes
 * in float16 against float32 master weights ({@link ReferenceBlock#setComputeType}) and scales the loss
 * dynamically ({@link LossScaling}): the loss is multiplied by the scale before backward, the reduced gradients
 * are divided by it, and a step whose scaled gradients overflow is skipped and the scale lowered; such skips do
 * not count towards {@link TrainerConfig#maxConsecutiveNonFinite()} until the scale is at its minimum. The scaler
 * state is part of every checkpoint. {@link Precision#BF16} is refused (DJL 0.36 aborts the JVM on bfloat16).
 *
 * <pre>{@code
 * try (Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(new PretrainTask(config))
 *         .optConfig(TrainerConfig.builder().totalSteps(300).warmupSteps(30).baseLr(1e-3).build())
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
    private static final Gson GSON = new Gson();
    private static final String MODEL_FILE = "model.safetensors";
    private static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final String STATE_FILE = "trainer.json";

    private final TrainingTask<M, B> task;
    private final TrainerConfig config;
    private final NDManager root;
    private final List<Device> devices;
    private final List<NDManager> replicaManagers = new ArrayList<>();
    private final List<M> replicas = new ArrayList<>();
    private final AdamW optimizer;
    private final CosineWithWarmup schedule;
    private final GradientReducer reducer;
    private final GradientClipping clipping;
    private final CheckpointStore store;
    private final List<TrainingListener> listeners;
    private final ExecutorService pool;
    private final java.time.Duration maxDuration;
    private final ProcessGroup group;
    private final int rank;
    private final Precision precision;
    private final LossScaling lossScaling;
    private final DynamicLossScaler scaler;
    private TrainingRng rng;
    private long step;
    private long batchesConsumed;
    private long skippedSteps;
    private int consecutiveNonFinite;

    private Trainer(Builder<M, B> b) {
        task = b.task;
        config = b.config;
        devices = List.copyOf(b.devices);
        group = b.group;
        rank = group == null ? 0 : group.rank();
        reducer = b.reducer != null ? b.reducer
                : group != null ? new GlooGradientReducer(group) : new LocalGradientReducer();
        store = b.store;
        listeners = rank == 0 ? List.copyOf(b.listeners) : List.of();
        maxDuration = b.maxDuration;
        precision = b.precision;
        lossScaling = b.lossScaling;
        scaler = precision.scalesLoss() ? lossScaling.newScaler() : null;
        clipping = config.clipGradNorm() > 0 ? GradientClipping.globalNorm(config.clipGradNorm())
                : GradientClipping.none();
        rng = TrainingRng.create(config.seed());
        root = NDManager.newBaseManager(devices.get(0));
        Engine.getInstance().setRandomSeed((int) rng.derive("init", 0));
        for (Device device : devices) {
            NDManager manager = root.newSubManager(device);
            M model = task.newModel();
            model.initialize(manager);
            if (precision != Precision.FP32) {
                model.setComputeType(precision.computeType());
            }
            replicaManagers.add(manager);
            replicas.add(model);
        }
        if (b.modelInitializer != null) {
            b.modelInitializer.accept(replicas.get(0));
        }
        if (group != null) {
            Collectives.broadcast(group, arrays(replicas.get(0)).values(), 0);
        }
        broadcastWeights();
        int depth = b.depth;
        optimizer = AdamW.builder()
                .setParameters(() -> arrays(replicas.get(0)))
                .optBetas(config.beta1(), config.beta2())
                .optEpsilon(config.epsilon())
                .optWeightDecayRule(WeightDecayRule.reference())
                .optLayerDecay(config.layerDecay() < 1 && depth > 0
                        ? LayerwiseLrDecay.builder().setDepth(depth).setDecay(config.layerDecay()).build()
                        : LayerwiseLrDecay.none())
                .optManager(replicaManagers.get(0))
                .build();
        schedule = CosineWithWarmup.builder()
                .setBaseValue(config.baseLr())
                .optFinalValue(config.minLr())
                .optWarmupStartValue(config.warmupStartLr())
                .setEpochs(1)
                .setItersPerEpoch(config.totalSteps())
                .optWarmupSteps(config.warmupSteps())
                .build();
        pool = devices.size() > 1 ? Executors.newFixedThreadPool(devices.size(), r -> {
            Thread t = new Thread(r, "simvtp-replica");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** A builder for training {@code task}. */
    public static <M extends ReferenceBlock, B> Builder<M, B> builder(TrainingTask<M, B> task) {
        return new Builder<>(task);
    }

    /** Replica 0, whose weights are the trained model. */
    public M model() {
        return replicas.get(0);
    }

    /** All replicas, one per device. */
    public List<M> replicas() {
        return Collections.unmodifiableList(replicas);
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
        return scaler == null ? 1 : scaler.scale();
    }

    /** The optimizer (state, step counter). */
    public AdamW optimizer() {
        return optimizer;
    }

    /**
     * Restores the newest valid checkpoint of the store, if any; corrupt or partial ones are logged and skipped.
     *
     * @return the step restored, or empty when there was nothing to resume
     */
    public Optional<Long> resume() {
        if (group != null) {
            try {
                Optional<Checkpoint> mine = rank == 0 ? latestCheckpoint() : Optional.empty();
                AtomicReference<Optional<Long>> restored = new AtomicReference<>(Optional.empty());
                CheckpointBroadcast.share(group, mine, c -> restored.set(c.map(this::restore)));
                return restored.get();
            } catch (IOException e) {
                throw new UncheckedIOException("rank " + rank + " cannot resume from rank 0's checkpoint", e);
            }
        }
        return latestCheckpoint().map(this::restore);
    }

    private Optional<Checkpoint> latestCheckpoint() {
        if (store == null) {
            return Optional.empty();
        }
        try {
            LatestCheckpoint latest = store.latest();
            latest.skipped().forEach(s -> LOG.warn("skipping checkpoint {}: {}", s.directory(), s.reason()));
            return latest.checkpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + store.directory(), e);
        }
    }

    private long restore(Checkpoint c) {
        try {
            M model = replicas.get(0);
            NDManager m = replicaManagers.get(0);
            try (NDManager scope = m.newSubManager()) {
                try (InputStream in = Files.newInputStream(c.file(MODEL_FILE))) {
                    StateDictLoader.load(model, TensorFiles.read(scope, in), n -> n).requireExact(c.file(MODEL_FILE)
                            .toString());
                }
                try (InputStream in = Files.newInputStream(c.file(OPTIMIZER_FILE))) {
                    optimizer.loadStateDict(TensorFiles.read(scope, in));
                }
            }
            JsonObject state = GSON.fromJson(Files.readString(c.file(STATE_FILE)), JsonObject.class);
            step = state.get("step").getAsLong();
            batchesConsumed = state.get("batchesConsumed").getAsLong();
            skippedSteps = state.get("skippedSteps").getAsLong();
            rng = TrainingRng.fromJson(state.get("rng").getAsString());
            restoreScaler(state, c);
            broadcastWeights();
            LOG.info("resumed from {} at step {}", c.directory(), step);
            return step;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + c.directory(), e);
        }
    }

    private void restoreScaler(JsonObject state, Checkpoint c) {
        if (scaler == null) {
            return;
        }
        if (!state.has("lossScaler")) {
            LOG.info("{} holds no loss-scaler state (saved in {}); starting from scale {}", c.directory(),
                    state.has("precision") ? state.get("precision").getAsString() : Precision.FP32, scaler.scale());
            return;
        }
        JsonObject s = state.getAsJsonObject("lossScaler");
        scaler.restore(new DynamicLossScaler.State(s.get("scale").getAsDouble(), s.get("goodSteps").getAsLong(),
                s.get("hysteresisLeft").getAsInt(), s.get("skippedSteps").getAsLong()));
    }

    /**
     * Trains until {@link TrainerConfig#totalSteps()} (or the time budget), resuming first from the checkpoint store when it holds a
     * valid checkpoint.
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
        Map<String, Double> first = history.isEmpty() ? Map.of() : history.get(0).losses();
        Map<String, Double> last = history.isEmpty() ? Map.of() : history.get(history.size() - 1).losses();
        TrainingSummary summary = new TrainingSummary(startStep, step, skippedSteps, first, last,
                (System.nanoTime() - start) / 1e9, samples, List.copyOf(history));
        listeners.forEach(l -> l.onEnd(summary));
        return summary;
    }

    private boolean writesCheckpoints() {
        return store != null && rank == 0;
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
                List<B> shards = n == 1 ? List.of(batch) : task.split(batch, n);
                List<Map<String, Double>> results = runReplicas(gc, shards, micro);
                for (Map<String, Double> r : results) {
                    r.forEach((k, v) -> lossSums.merge(k, v / (n * config.accumulationSteps()), Double::sum));
                }
            }
        }
        Map<String, Double> losses = group == null ? lossSums : Collectives.mean(group, lossSums);
        boolean finite = losses.values().stream().allMatch(Double::isFinite);
        double norm = Double.NaN;
        double scaleUsed = lossScale();
        try (NDManager scope = replicaManagers.get(0).newSubManager()) {
            List<Map<String, NDArray>> grads = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                grads.add(gradients(replicas.get(r), scope));
            }
            if (n > 1 || group != null) {
                reducer.allReduceMean(grads);
            }
            if (finite) {
                norm = scaler == null ? clipNorm(grads.get(0).values()) : unscaleAndClip(grads.get(0).values());
                finite = Double.isFinite(norm);
            }
        }
        double lr = schedule.valueAt(step);
        if (finite) {
            consecutiveNonFinite = 0;
            if (scaler != null) {
                scaler.update(false);
            }
            optimizer.update(lr, config.weightDecay());
            broadcastWeights();
        } else if (scaler != null && scaleUsed > lossScaling.minScale()) {
            skippedSteps++;
            scaler.update(true);
            LOG.info("step {}: overflow at loss scale {} (losses {}), step skipped, scale now {}", step + 1,
                    scaleUsed, losses, scaler.scale());
        } else {
            skippedSteps++;
            consecutiveNonFinite++;
            if (scaler != null) {
                scaler.update(true);
            }
            LOG.warn("step {}: non-finite loss or gradient {} (norm {}), step skipped", step + 1, losses, norm);
            if (consecutiveNonFinite >= config.maxConsecutiveNonFinite()) {
                throw new TrainingDivergedException(consecutiveNonFinite + " consecutive steps had non-finite losses"
                        + " or gradients (last: " + losses + "); lower the learning rate or enable clipping");
            }
        }
        // AdamW already zeroed replica 0's gradients when it applied the step
        for (int r = finite ? 1 : 0; r < replicas.size(); r++) {
            zeroGradients(replicas.get(r));
        }
        step++;
        return new StepRecord(step, config.totalSteps(), lr, Map.copyOf(losses), samples,
                (System.nanoTime() - t0) / 1e9, !finite, norm);
    }

    /** The global gradient norm, clipping when enabled (float32 path). */
    private double clipNorm(Collection<NDArray> gradients) {
        return clipping.enabled() ? clipping.apply(gradients) : GradientClipping.globalNorm(gradients);
    }

    /**
     * Loss-scaled path: NaN when the scaled gradients overflowed (left untouched), otherwise divides them by the
     * scale, clips when enabled and returns the unscaled norm.
     */
    private double unscaleAndClip(Collection<NDArray> gradients) {
        double scaledNorm = GradientClipping.globalNorm(gradients);
        if (!Double.isFinite(scaledNorm)) {
            return Double.NaN;
        }
        scaler.unscale(gradients);
        return clipping.enabled() ? clipping.apply(gradients) : scaledNorm / scaler.scale();
    }

    private List<Map<String, Double>> runReplicas(GradientCollector gc, List<B> shards, int micro) {
        int n = replicas.size();
        if (n == 1) {
            return List.of(forwardBackward(gc, 0, shards.get(0), micro));
        }
        List<Future<Map<String, Double>>> futures = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int replica = r;
            futures.add(pool.submit(() -> {
                GradMode.enable(true);
                try {
                    return forwardBackward(gc, replica, shards.get(replica), micro);
                } finally {
                    GradMode.enable(false);
                }
            }));
        }
        List<Map<String, Double>> out = new ArrayList<>();
        for (Future<Map<String, Double>> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("replica failed at step " + (step + 1), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return out;
    }

    private Map<String, Double> forwardBackward(GradientCollector gc, int replica, B shard, int micro) {
        int globalReplica = rank * replicas.size() + replica;
        Random random = new Random(rng.derive("task", (step * config.accumulationSteps() + micro) * 1024 + globalReplica));
        try (NDManager scope = replicaManagers.get(replica).newSubManager()) {
            M model = replicas.get(replica);
            StepLosses losses = task.losses(model, shard, scope, true, random);
            NDArray total = losses.total();
            NDArray objective = config.accumulationSteps() == 1 ? total
                    : total.div(Layers.scalar(total, config.accumulationSteps()));
            if (scaler != null) {
                objective = objective.mul(Layers.scalar(objective, scaler.scale()));
            }
            gc.backward(objective);
            if (precision != Precision.FP32) {
                model.accumulateComputeGradients(gc);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("loss", (double) total.getFloat());
            losses.components().forEach((k, v) -> values.put(k, (double) v.getFloat()));
            return values;
        }
    }

    private Map<String, NDArray> gradients(M model, NDManager scope) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            NDArray g = e.getValue().getArray().getGradient();
            g.attach(scope);
            out.put(e.getKey(), g);
        }
        return out;
    }

    private static void zeroGradients(ReferenceBlock model) {
        for (Parameter p : model.namedParameters().values()) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
    }

    private static Map<String, NDArray> arrays(ReferenceBlock model) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> out.put(k, p.getArray()));
        return out;
    }

    private void broadcastWeights() {
        Map<String, Parameter> source = replicas.get(0).namedParameters();
        for (int r = 1; r < replicas.size(); r++) {
            Map<String, Parameter> target = replicas.get(r).namedParameters();
            source.forEach((k, p) -> p.getArray().copyTo(target.get(k).getArray()));
        }
    }

    /** Writes a checkpoint of the current state to the store (atomically). */
    public Checkpoint saveCheckpoint() {
        if (store == null) {
            throw new IllegalStateException("no checkpoint store configured");
        }
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        state.addProperty("batchesConsumed", batchesConsumed);
        state.addProperty("skippedSteps", skippedSteps);
        state.addProperty("rng", rng.toJson());
        state.addProperty("trainerConfig", config.toString());
        state.addProperty("precision", precision.name());
        if (scaler != null) {
            DynamicLossScaler.State s = scaler.state();
            JsonObject scalerState = new JsonObject();
            scalerState.addProperty("scale", s.scale());
            scalerState.addProperty("goodSteps", s.goodSteps());
            scalerState.addProperty("hysteresisLeft", s.hysteresisLeft());
            scalerState.addProperty("skippedSteps", s.skippedSteps());
            state.add("lossScaler", scalerState);
        }
        Map<String, IOConsumer<java.io.OutputStream>> files = new LinkedHashMap<>();
        files.put(MODEL_FILE, out -> TensorFiles.write(out, arrays(replicas.get(0))));
        files.put(OPTIMIZER_FILE, out -> TensorFiles.write(out, optimizer.stateDict()));
        files.put(STATE_FILE, out -> out.write(GSON.toJson(state).getBytes(StandardCharsets.UTF_8)));
        try {
            Checkpoint c = store.save(step, files, Map.of("step", Long.toString(step)));
            listeners.forEach(l -> l.onCheckpoint(step, c.directory()));
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint at step " + step + " to " + store.directory(), e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        optimizer.close();
        root.close();
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
        private java.time.Duration maxDuration;
        private Precision precision = Precision.FP32;
        private LossScaling lossScaling = LossScaling.reference();

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
            if (devices.isEmpty()) {
                throw new IllegalArgumentException("at least one device is needed");
            }
            this.devices = List.copyOf(devices);
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

        /** Encoder depth, needed when {@link TrainerConfig#layerDecay()} is below 1. */
        public Builder<M, B> optEncoderDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Stops {@link Trainer#fit} after this wall time even if fewer than {@code totalSteps} steps ran (the
         * schedule still spans {@code totalSteps}); a final checkpoint is written as usual.
         */
        public Builder<M, B> optMaxDuration(java.time.Duration maxDuration) {
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

        /** Builds the replicas and the optimizer. */
        public Trainer<M, B> build() {
            return new Trainer<>(this);
        }
    }
}
