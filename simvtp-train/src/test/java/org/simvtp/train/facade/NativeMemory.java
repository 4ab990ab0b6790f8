package org.simvtp.train.facade;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;

/** Test helper: the NDArrays alive in this process, counted from DJL's system manager down. */
final class NativeMemory {

    private NativeMemory() {}

    /** Live NDArrays under every manager of the process (the probe's own manager holds none). */
    static long liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return count(probe.getParentManager());
        }
    }

    private static long count(NDManager manager) {
        long[] total = {0};
        if (manager instanceof BaseNDManager base) {
            base.getManagedArrays().forEach(r -> total[0] += r instanceof NDManager child ? count(child) : 1);
        }
        return total[0];
    }
}
