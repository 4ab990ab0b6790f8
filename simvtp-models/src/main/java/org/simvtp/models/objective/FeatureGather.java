package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;

/**
 * Gathers per-sample feature rows from every process of a data-parallel run, for objectives whose negatives span
 * the global batch ({@link VtcObjective.Negatives#GLOBAL}). The local rows keep their gradient; the other ranks'
 * rows are constants. Implemented over a process group by {@code simvtp-train}; {@link #LOCAL} is the
 * single-process case.
 *
 * <pre>{@code
 * NDArray all = gather.allGather(textFeatures); // [b, D] -> [worldSize · b, D], rank r's rows at r·b
 * }</pre>
 */
public interface FeatureGather {

    /** One process: {@link #allGather} returns its input. */
    FeatureGather LOCAL = new FeatureGather() {
        @Override
        public int worldSize() {
            return 1;
        }

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public NDArray allGather(NDArray local) {
            return local;
        }
    };

    /** Number of processes. */
    int worldSize();

    /** This process's index. */
    int rank();

    /**
     * Concatenates every rank's rows in rank order.
     *
     * @param local this rank's rows [b, D] (the same b on every rank), float32
     * @return [worldSize · b, D], in {@code local}'s manager; only the local rows carry gradient
     */
    NDArray allGather(NDArray local);
}
