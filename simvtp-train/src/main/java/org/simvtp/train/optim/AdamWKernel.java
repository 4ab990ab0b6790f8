package org.simvtp.train.optim;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The AdamW update of float32 parameters in host memory as a single pass per value: parameter, gradient and both
 * moments are read once and written once (the gradient as zeros), where the tensor path runs 13 element-wise
 * operations with three temporaries. Values are copied in blocks into Java arrays, whose loop the JIT vectorises,
 * and copied back. Updates are queued with {@link #add} and run by {@link #run()} on up to {@code threads}
 * threads (PyTorch's intra-op thread count by default), each block of a parameter independently.
 */
final class AdamWKernel implements AutoCloseable {

    private static final int BLOCK = 1 << 14;
    private static final int WORK_ITEM = 1 << 16;

    private final ForkJoinPool pool;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final List<Job> jobs = new ArrayList<>();

    /**
     * Creates a kernel.
     *
     * @param threads threads for {@link #run()}; 1 runs on the calling thread
     */
    AdamWKernel(int threads) {
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    /**
     * Queues the update of one parameter; the buffers must stay valid until {@link #run()} returns.
     *
     * @param param parameter values
     * @param grad gradient values (zeroed by the update)
     * @param expAvg first moments
     * @param expAvgSq second moments
     * @param hyper the parameter's scalars for this step
     */
    void add(FloatBuffer param, FloatBuffer grad, FloatBuffer expAvg, FloatBuffer expAvgSq, Scalars hyper) {
        jobs.add(new Job(param, grad, expAvg, expAvgSq, hyper));
    }

    /** Runs and clears the queued updates. */
    void run() {
        List<long[]> items = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            int n = jobs.get(j).param().capacity();
            for (int off = 0; off < n; off += WORK_ITEM) {
                items.add(new long[] {j, off, Math.min(WORK_ITEM, n - off)});
            }
        }
        try {
            if (pool == null || items.size() < 2) {
                items.forEach(this::runItem);
            } else {
                pool.submit(() -> IntStream.range(0, items.size()).parallel().forEach(i -> runItem(items.get(i))))
                        .join();
            }
        } finally {
            jobs.clear();
        }
    }

    private void runItem(long[] item) {
        Job job = jobs.get((int) item[0]);
        scratch.get().update(job, (int) item[1], (int) item[2]);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /**
     * The per-parameter scalars of one update: {@code p ← p·decay}, {@code m ← β1·m + (1−β1)·g},
     * {@code v ← β2·v + (1−β2)·g²}, {@code p ← p − step·m / (sqrt(v) + eps)}, {@code g ← 0}.
     *
     * @param decay {@code 1 − a·w} (1 without weight decay)
     * @param beta1 β1
     * @param oneMinusBeta1 1 − β1
     * @param beta2 β2
     * @param oneMinusBeta2 1 − β2
     * @param step {@code a·sqrt(1−β2^t) / (1−β1^t)}: the bias corrections folded into the step size
     * @param eps {@code ε·sqrt(1−β2^t)}
     */
    record Scalars(
            float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float step, float eps) {}

    private record Job(FloatBuffer param, FloatBuffer grad, FloatBuffer expAvg, FloatBuffer expAvgSq, Scalars hyper) {}

    /** One thread's block arrays. */
    private static final class Scratch {
        private final float[] p = new float[BLOCK];
        private final float[] g = new float[BLOCK];
        private final float[] m = new float[BLOCK];
        private final float[] v = new float[BLOCK];
        private final float[] zeros = new float[BLOCK];

        void update(Job job, int from, int length) {
            Scalars s = job.hyper();
            float decay = s.decay();
            float beta1 = s.beta1();
            float oneMinusBeta1 = s.oneMinusBeta1();
            float beta2 = s.beta2();
            float oneMinusBeta2 = s.oneMinusBeta2();
            float step = s.step();
            float eps = s.eps();
            for (int off = from; off < from + length; off += BLOCK) {
                int len = Math.min(BLOCK, from + length - off);
                job.param().get(off, p, 0, len);
                job.grad().get(off, g, 0, len);
                job.expAvg().get(off, m, 0, len);
                job.expAvgSq().get(off, v, 0, len);
                for (int i = 0; i < len; i++) {
                    float gi = g[i];
                    float mi = beta1 * m[i] + oneMinusBeta1 * gi;
                    float vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    p[i] = p[i] * decay - step * mi / ((float) Math.sqrt(vi) + eps);
                }
                job.param().put(off, p, 0, len);
                job.expAvg().put(off, m, 0, len);
                job.expAvgSq().put(off, v, 0, len);
                job.grad().put(off, zeros, 0, len);
            }
        }
    }
}
