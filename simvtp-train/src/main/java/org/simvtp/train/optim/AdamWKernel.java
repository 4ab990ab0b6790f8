package org.simvtp.train.optim;

import java.nio.FloatBuffer;

/**
 * The AdamW update of one parameter as a single pass over host memory: reads parameter, gradient and both
 * moments once, writes them once (the gradient as zeros). The tensor path needs 13 element-wise passes and three
 * temporaries for the same formulas; here the values are copied in blocks into Java arrays, whose loop the JIT
 * vectorises, and copied back. Not thread-safe: one kernel (and its scratch arrays) per thread.
 */
final class AdamWKernel {

    private static final int BLOCK = 1 << 14;

    private final float[] p = new float[BLOCK];
    private final float[] g = new float[BLOCK];
    private final float[] m = new float[BLOCK];
    private final float[] v = new float[BLOCK];
    private final float[] zeros = new float[BLOCK];

    /**
     * Updates in place, for every element: {@code p ← p·decay}, {@code m ← β1·m + (1−β1)·g},
     * {@code v ← β2·v + (1−β2)·g²}, {@code p ← p − step·m / (sqrt(v) + eps)}, {@code g ← 0}.
     *
     * @param param parameter values
     * @param grad gradient values (zeroed)
     * @param expAvg first moments
     * @param expAvgSq second moments
     * @param hyper the step's scalars
     */
    void update(FloatBuffer param, FloatBuffer grad, FloatBuffer expAvg, FloatBuffer expAvgSq, Scalars hyper) {
        int n = param.capacity();
        float decay = hyper.decay();
        float beta1 = hyper.beta1();
        float oneMinusBeta1 = hyper.oneMinusBeta1();
        float beta2 = hyper.beta2();
        float oneMinusBeta2 = hyper.oneMinusBeta2();
        float step = hyper.step();
        float eps = hyper.eps();
        for (int off = 0; off < n; off += BLOCK) {
            int len = Math.min(BLOCK, n - off);
            param.get(off, p, 0, len);
            grad.get(off, g, 0, len);
            expAvg.get(off, m, 0, len);
            expAvgSq.get(off, v, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float mi = beta1 * m[i] + oneMinusBeta1 * gi;
                float vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = p[i] * decay - step * mi / ((float) Math.sqrt(vi) + eps);
            }
            param.put(off, p, 0, len);
            expAvg.put(off, m, 0, len);
            expAvgSq.put(off, v, 0, len);
            grad.put(off, zeros, 0, len);
        }
    }

    /**
     * The per-parameter scalars of one update.
     *
     * @param decay {@code 1 − a·w} (1 without weight decay)
     * @param beta1 β1
     * @param oneMinusBeta1 1 − β1
     * @param beta2 β2
     * @param oneMinusBeta2 1 − β2
     * @param step {@code a·sqrt(1−β2^t) / (1−β1^t)}: the bias corrections folded into the step size
     * @param eps {@code ε·sqrt(1−β2^t)}
     */
    record Scalars(float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float step,
            float eps) {}
}
