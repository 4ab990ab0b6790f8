package org.simvtp.train.distributed;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Loads libtorch (through DJL) first and the Gloo shim second, then prints the file that provides
 * {@code gloo::allreduce} to the shim and the result of a world-of-one all-reduce; run in a fresh JVM by
 * {@code GlooNativeTest}.
 */
public final class SymbolBindingCheck {
    private SymbolBindingCheck() {}

    public static void main(String[] args) {
        try (NDManager m = NDManager.newBaseManager()) {
            System.out.println("TORCH " + m.ones(new Shape(3)).sum().getFloat());
        }
        GlooNative.ensureLoaded();
        System.out.println("GLOO " + GlooNative.glooLibraryPath());
    }
}
