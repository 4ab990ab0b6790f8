package org.simvtp.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's grad mode is thread-local: the thread that opens DJL's single {@code GradientCollector} records
 * graphs, a data-parallel worker thread must switch it on itself (and off again for pooled threads).
 */
final class GradMode {
    private GradMode() {}

    static void enable(boolean on) {
        JniUtils.setGradMode(on);
    }
}
