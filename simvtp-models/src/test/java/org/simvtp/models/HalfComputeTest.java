package org.simvtp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simvtp.models.nn.Layers;

/**
 * Float16 compute with float32 master weights on the CPU (PyTorch 2.7 runs every op of the model in half on
 * the CPU, forward and backward, including Conv3d): the gradients reach the float32 parameters and agree with
 * float32 compute to half-precision accuracy.
 */
class HalfComputeTest {

    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void halfComputeGradientsMatchFloat32AndLandOnTheMasterWeights() {
        try (NDManager modelManager = manager.newSubManager()) {
            manager.getEngine().setRandomSeed(11);
            SimvtpPretrainModel model = SimvtpPretrainModel.builder()
                    .setConfig(PretrainModelTest.CONFIG)
                    .build();
            model.initialize(modelManager);
            Map<String, float[]> full = gradients(model, modelManager, DataType.FLOAT32);
            int live = PretrainModelTest.countArrays(modelManager);
            Map<String, float[]> half = gradients(model, modelManager, DataType.FLOAT16);
            assertEquals(live, PretrainModelTest.countArrays(modelManager), "half copies die with the step");
            for (Parameter p : model.namedParameters().values()) {
                assertEquals(DataType.FLOAT32, p.getArray().getDataType(), "masters stay float32");
            }
            full.forEach((name, g) -> {
                float[] h = half.get(name);
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < g.length; i++) {
                    assertTrue(Float.isFinite(h[i]), name);
                    diff += (g[i] - h[i]) * (double) (g[i] - h[i]);
                    norm += g[i] * (double) g[i];
                }
                if (norm > 1e-12) {
                    assertTrue(Math.sqrt(diff / norm) < 0.02, name + ": relative error " + Math.sqrt(diff / norm));
                } else {
                    assertTrue(Math.sqrt(diff) < 1e-4, name + " should stay (almost) zero");
                }
            });
            assertTrue(norm(half.get("encoder.blocks.0.attn.qkv.weight")) > 0, "gradients flowed through the cast");
            assertTrue(norm(half.get("encoder.patch_embed.proj.weight")) > 0);
            assertTrue(norm(half.get("mask_token")) > 0);
        }
    }

    @Test
    void float32ComputeUsesTheParametersThemselves() {
        SimvtpPretrainModel model = SimvtpPretrainModel.builder()
                .setConfig(PretrainModelTest.CONFIG)
                .build();
        assertEquals(DataType.FLOAT32, model.computeType());
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m);
            NDArray positions = model.encoder().positions(m);
            assertEquals(DataType.FLOAT32, positions.getDataType());
            NDArray x = m.ones(new Shape(2));
            assertSame(x, Layers.upcast(x), "upcast leaves float32 alone");
            model.setComputeType(DataType.FLOAT16);
            assertEquals(DataType.FLOAT16, model.encoder().computeType(), "propagates to children");
            assertEquals(DataType.FLOAT16, model.encoder().positions(m).getDataType());
            assertEquals(
                    DataType.FLOAT32,
                    Layers.upcast(x.toType(DataType.FLOAT16, false)).getDataType());
        }
    }

    @Test
    void bfloat16IsRefusedBeforeItCanAbortTheJvm() {
        SimvtpPretrainModel model = SimvtpPretrainModel.builder()
                .setConfig(PretrainModelTest.CONFIG)
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> model.setComputeType(DataType.BFLOAT16));
        assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.setComputeType(DataType.INT32));
    }

    private static Map<String, float[]> gradients(SimvtpPretrainModel model, NDManager modelManager, DataType type) {
        model.setComputeType(type);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager step = modelManager.newSubManager()) {
            manager.getEngine().setRandomSeed(3);
            PretrainInputs in = PretrainModelTest.batch(step);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PretrainOutput o = model.forward(in, false, new Random(7));
                assertEquals(DataType.FLOAT32, o.lossTotal().getDataType(), "losses are float32");
                assertEquals(type, o.mlmLogits().getDataType());
                gc.backward(o.lossTotal());
                model.accumulateComputeGradients(gc);
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

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * (double) x;
        }
        return Math.sqrt(s);
    }
}
