package org.simvtp.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.simvtp.models.nn.GradientBuffers;

/**
 * DJL's {@code NDArray.mul(Number)} family wraps a Java buffer in a temporary tensor and closes it at once; if
 * autograd saved that tensor, a garbage collection between forward and backward freed its memory and the
 * gradients came out NaN. The model must give bit-identical gradients whether or not a GC runs in between.
 */
class GarbageCollectionSafetyTest {

    @Test
    void gradientsDoNotDependOnAGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        try (NDManager base = NDManager.newBaseManager()) {
            base.getEngine().setRandomSeed(11);
            SimvtpPretrainModel model = SimvtpPretrainModel.builder()
                    .setConfig(PretrainModelTest.CONFIG)
                    .build();
            model.initialize(base);
            GradientBuffers.allocate(model.namedParameters().values().stream()
                    .map(Parameter::getArray)
                    .toList());
            Map<String, float[]> quiet = gradients(model, base, false);
            Map<String, float[]> collected = gradients(model, base, true);
            quiet.forEach((k, v) -> assertArrayEquals(v, collected.get(k), 0f, k));
        }
    }

    private static Map<String, float[]> gradients(SimvtpPretrainModel model, NDManager base, boolean gc)
            throws InterruptedException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager step = base.newSubManager()) {
            base.getEngine().setRandomSeed(3);
            PretrainInputs in = PretrainModelTest.batch(step);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                PretrainOutput o = model.forward(in, true, new Random(7));
                if (gc) {
                    System.gc();
                    Thread.sleep(50);
                }
                collector.backward(o.lossTotal());
            }
            model.namedParameters().forEach((k, p) -> {
                NDArray g = p.getArray().getGradient();
                g.attach(step);
                out.put(k, g.toFloatArray());
                g.subi(g);
            });
        }
        return out;
    }
}
