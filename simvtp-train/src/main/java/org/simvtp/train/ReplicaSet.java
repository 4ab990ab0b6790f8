package org.simvtp.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.simvtp.models.nn.GradientBuffers;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.train.parallel.GradientReducer;

/**
 * The model replicas of one process, one per device, and what is done to all of them in a step: concurrent
 * forward and backward passes (one pooled thread per replica; none with a single replica), gathering and
 * averaging the gradients, zeroing them and copying replica 0's weights to the others.
 *
 * <pre>{@code
 * try (ReplicaSet<M, B> replicas = new ReplicaSet<>(task, devices, Precision.FP32, reducer, false);
 *         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *     List<Map<String, Double>> losses = replicas.forwardBackward(gc, replicas.split(batch), contexts,
 *             total -> total, step);
 * }
 * }</pre>
 *
 * @param <M> the model type
 * @param <B> the batch type
 */
final class ReplicaSet<M extends ReferenceBlock, B> implements AutoCloseable {

    /** Builds the context of one replica's pass; called on the replica's thread. */
    @FunctionalInterface
    interface Contexts {
        StepContext context(int replica, NDManager stepManager);
    }

    private final TrainingTask<M, B> task;
    private final Precision precision;
    private final GradientReducer reducer;
    private final boolean distributed;
    private final NDManager root;
    private final List<NDManager> managers = new ArrayList<>();
    private final List<M> models = new ArrayList<>();
    private final ExecutorService pool;

    /**
     * Creates and initialises one replica per device (with the engine's current random seed).
     *
     * @param distributed whether gradients are also averaged over other processes (then the reducer runs even
     *     with a single local replica)
     */
    ReplicaSet(
            TrainingTask<M, B> task,
            List<Device> devices,
            Precision precision,
            GradientReducer reducer,
            boolean distributed) {
        this.task = task;
        this.precision = precision;
        this.reducer = reducer;
        this.distributed = distributed;
        root = NDManager.newBaseManager(devices.get(0));
        try {
            for (Device device : devices) {
                NDManager manager = root.newSubManager(device);
                M model = task.newModel();
                model.initialize(manager);
                if (precision != Precision.FP32) {
                    model.setComputeType(precision.computeType());
                }
                managers.add(manager);
                models.add(model);
            }
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
        pool = devices.size() > 1
                ? Executors.newFixedThreadPool(devices.size(), r -> {
                    Thread t = new Thread(r, "simvtp-replica");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    int size() {
        return models.size();
    }

    /** Replica 0, whose weights the optimizer updates. */
    M primary() {
        return models.get(0);
    }

    List<M> models() {
        return Collections.unmodifiableList(models);
    }

    /** The manager of replica {@code replica}'s device. */
    NDManager manager(int replica) {
        return managers.get(replica);
    }

    /** Replica 0's parameter arrays by name, in model order. */
    Map<String, NDArray> weights() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        primary().namedParameters().forEach((k, p) -> out.put(k, p.getArray()));
        return out;
    }

    /** Splits a batch into one shard per replica (the batch itself with one replica). */
    List<B> split(B batch) {
        return models.size() == 1 ? List.of(batch) : task.split(batch, models.size());
    }

    /**
     * Runs every replica's forward and backward pass on its shard, concurrently with several replicas.
     *
     * @param gc the step's gradient collector
     * @param shards one shard per replica
     * @param contexts the context of each replica's pass
     * @param objective turns a replica's total loss into what is back-propagated (accumulation, loss scale)
     * @param step the 0-based step, for error messages
     * @return per replica, the total loss ({@code loss}) and the named components as numbers
     */
    List<Map<String, Double>> forwardBackward(
            GradientCollector gc, List<B> shards, Contexts contexts, UnaryOperator<NDArray> objective, long step) {
        int n = models.size();
        if (n == 1) {
            return List.of(forwardBackward(gc, 0, shards.get(0), contexts, objective));
        }
        List<Future<Map<String, Double>>> futures = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int replica = r;
            futures.add(pool.submit(() -> {
                GradMode.enable(true);
                try {
                    return forwardBackward(gc, replica, shards.get(replica), contexts, objective);
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

    private Map<String, Double> forwardBackward(
            GradientCollector gc, int replica, B shard, Contexts contexts, UnaryOperator<NDArray> objective) {
        try (NDManager scope = managers.get(replica).newSubManager()) {
            M model = models.get(replica);
            StepLosses losses = task.losses(model, shard, contexts.context(replica, scope));
            NDArray total = losses.total();
            gc.backward(objective.apply(total));
            if (precision != Precision.FP32) {
                model.accumulateComputeGradients(gc);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("loss", (double) total.getFloat());
            losses.components().forEach((k, v) -> values.put(k, (double) v.getFloat()));
            return values;
        }
    }

    /**
     * Attaches every replica's gradients to {@code scope} and averages them over the replicas (and processes),
     * in place.
     *
     * @return replica 0's averaged gradients by parameter name
     */
    Map<String, NDArray> reducedGradients(NDManager scope) {
        List<Map<String, NDArray>> grads = new ArrayList<>();
        for (M model : models) {
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                NDArray g = e.getValue().getArray().getGradient();
                g.attach(scope);
                out.put(e.getKey(), g);
            }
            grads.add(out);
        }
        if (models.size() > 1 || distributed) {
            reducer.allReduceMean(grads);
        }
        return grads.get(0);
    }

    /** Sets the gradients of replicas {@code from}, {@code from + 1}, ... to zero. */
    void zeroGradients(int from) {
        for (int r = from; r < models.size(); r++) {
            for (Parameter p : models.get(r).namedParameters().values()) {
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
    }

    /** Gives every replica's parameters their gradient buffers ({@link GradientBuffers#allocate}). */
    void allocateGradients() {
        for (M model : models) {
            GradientBuffers.allocate(model.namedParameters().values().stream()
                    .map(Parameter::getArray)
                    .toList());
        }
    }

    /** Copies replica 0's weights into the other replicas. */
    void broadcastWeights() {
        Map<String, Parameter> source = primary().namedParameters();
        for (int r = 1; r < models.size(); r++) {
            Map<String, Parameter> target = models.get(r).namedParameters();
            source.forEach((k, p) -> p.getArray().copyTo(target.get(k).getArray()));
        }
    }

    /** Stops the threads and frees the replicas (close the optimizer first: its state hangs off replica 0). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        root.close();
    }
}
