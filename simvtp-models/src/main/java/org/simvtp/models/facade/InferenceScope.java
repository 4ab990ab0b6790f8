package org.simvtp.models.facade;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Switches PyTorch's thread-local grad mode off for the current thread and restores it on close, so inference
 * from any thread records no autograd graph (a fresh thread starts with grad mode on; djl-notes §4).
 *
 * <pre>{@code
 * try (InferenceScope scope = InferenceScope.open()) {
 *     ... forward passes ...
 * }
 * }</pre>
 */
final class InferenceScope implements AutoCloseable {

    private final boolean previous;

    private InferenceScope(boolean previous) {
        this.previous = previous;
    }

    static InferenceScope open() {
        boolean previous = JniUtils.isGradMode();
        if (previous) {
            JniUtils.setGradMode(false);
        }
        return new InferenceScope(previous);
    }

    @Override
    public void close() {
        if (previous) {
            JniUtils.setGradMode(true);
        }
    }
}
