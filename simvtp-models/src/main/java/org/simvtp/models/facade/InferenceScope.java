package org.simvtp.models.facade;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs code with PyTorch's thread-local grad mode off and restores the previous mode afterwards, so inference
 * from any thread records no autograd graph (a fresh thread starts with grad mode on; djl-notes §4) and a caller
 * that is training keeps its mode.
 *
 * <pre>{@code
 * NDArray out = InferenceScope.call(() -> model.encodeVideo(clips, false));
 * }</pre>
 */
final class InferenceScope {

    private InferenceScope() {}

    static <T> T call(Supplier<T> body) {
        boolean previous = JniUtils.isGradMode();
        if (previous) {
            JniUtils.setGradMode(false);
        }
        try {
            return body.get();
        } finally {
            if (previous) {
                JniUtils.setGradMode(true);
            }
        }
    }
}
