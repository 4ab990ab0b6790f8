package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

/** The in-place copy of the weight loader (used instead of NDArray.set(Buffer), see issue 18). */
class StateDictLoaderCopyTest {

    @Test
    void copiesIntoATensorThatRequiresGradAndKeepsGradMode() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.zeros(new Shape(2, 3, 4));
            target.setRequiresGradient(true);
            NDArray value = manager.arange(24f).reshape(2, 3, 4);
            boolean before = JniUtils.isGradMode();
            StateDictLoader.copyInto(target, value);
            assertArrayEquals(value.toFloatArray(), target.toFloatArray());
            assertTrue(target.hasGradient(), "the parameter still requires grad");
            assertTrue(before == JniUtils.isGradMode(), "grad mode restored");

            NDArray vector = manager.zeros(new Shape(5));
            StateDictLoader.copyInto(vector, manager.arange(5f));
            assertArrayEquals(new float[] {0, 1, 2, 3, 4}, vector.toFloatArray());
        }
    }
}
