package org.simvtp.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.VideoMask;

class PretrainModelTest {

    static final SimvtpConfig CONFIG = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(2)
            .optEncoderHeads(2)
            .optDecoderWidth(16)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .optVocabSize(120)
            .build();
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Batch of 3 with a fixed tube mask (2x2 grid, 3 of 4 masked per slice), captions of length 6. */
    static PretrainInputs batch(NDManager m) {
        int b = 3;
        NDArray video = m.randomNormal(new Shape(b, 3, 4, 32, 32));
        boolean[][] mask = new boolean[b][8];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < 2; t++) {
                for (int s = 0; s < 4; s++) {
                    mask[i][t * 4 + s] = s != i % 4;
                }
            }
        }
        long[] ids = {101, 7, 103, 9, 102, 0, 101, 103, 103, 11, 12, 102, 101, 5, 102, 0, 0, 0};
        long[] att = {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
        long[] labels = {
            -100, -100, 8, -100, -100, -100, -100, 20, 21, -100, -100, -100, -100, -100, -100, -100, -100, -100
        };
        return new PretrainInputs(
                video,
                VideoMask.of(mask),
                m.create(ids, new Shape(b, 6)),
                m.create(att, new Shape(b, 6)),
                m.create(labels, new Shape(b, 6)),
                m.create(new long[] {1, 2, 0}));
    }

    @Test
    void reusingTheJointPassForPositivesGivesTheReferenceResultWithoutDropout() {
        SimvtpPretrainModel reference =
                SimvtpPretrainModel.builder().setConfig(CONFIG).build();
        reference.initialize(manager);
        SimvtpPretrainModel shared = SimvtpPretrainModel.builder()
                .setConfig(CONFIG)
                .optMode(ExecutionMode.EFFICIENT)
                .build();
        shared.initialize(manager);
        reference.namedParameters().forEach((n, p) -> shared.namedParameters()
                .get(n)
                .getArray()
                .set(p.getArray().toByteBuffer()));
        try (NDManager step = manager.newSubManager()) {
            PretrainInputs in = batch(step);
            PretrainOutput a = reference.forward(in, false, new Random(1));
            PretrainOutput b = shared.forward(in, false, new Random(1));
            assertArrayEquals(a.vtmLogits().toFloatArray(), b.vtmLogits().toFloatArray(), 1e-5f);
            assertEquals(a.lossTotal().getFloat(), b.lossTotal().getFloat(), 1e-5f);
        }
    }

    @Test
    void efficientModeGivesTheReferenceLossesAndGradientsWithoutDropout() {
        SimvtpPretrainModel reference =
                SimvtpPretrainModel.builder().setConfig(CONFIG).build();
        SimvtpPretrainModel efficient = SimvtpPretrainModel.builder()
                .setConfig(CONFIG)
                .optMode(ExecutionMode.EFFICIENT)
                .build();
        try (NDManager models = manager.newSubManager();
                NDManager step = models.newSubManager()) {
            reference.initialize(models);
            efficient.initialize(models);
            reference.namedParameters().forEach((n, p) -> efficient
                    .namedParameters()
                    .get(n)
                    .getArray()
                    .set(p.getArray().toByteBuffer()));
            PretrainInputs in = batch(step);
            float[][] lossesA = new float[5][];
            float[][] lossesB = new float[5][];
            Map<String, float[]> gradA = lossesAndGradients(reference, in, step, lossesA);
            Map<String, float[]> gradB = lossesAndGradients(efficient, in, step, lossesB);
            for (int i = 0; i < 5; i++) {
                assertEquals(lossesA[i][0], lossesB[i][0], 1e-5 * Math.abs(lossesA[i][0]), "loss " + i);
            }
            assertEquals(reference.namedParameters().size(), gradB.size());
            gradA.forEach((name, a) -> {
                float[] b = gradB.get(name);
                double scale = scaleOf(a);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-5 * scale + 1e-12, name + "[" + i + "]");
                }
            });
            assertTrue(scaleOf(gradA.get("text_cls.weight")) > 0, "the MLM head gets a gradient");
        }
    }

    @Test
    void efficientModeTrainsWithStochasticDepthThroughSeparatePasses() {
        SimvtpConfig withDropPath = CONFIG.toBuilder().optDropPathRate(0.2).build();
        SimvtpPretrainModel efficient = SimvtpPretrainModel.builder()
                .setConfig(withDropPath)
                .optMode(ExecutionMode.EFFICIENT)
                .build();
        try (NDManager models = manager.newSubManager();
                NDManager step = models.newSubManager()) {
            efficient.initialize(models);
            float[][] losses = new float[5][];
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PretrainOutput out = efficient.forward(batch(step), true, new Random(1));
                gc.backward(out.lossTotal());
                losses[4] = new float[] {out.lossTotal().getFloat()};
            }
            assertTrue(Float.isFinite(losses[4][0]) && losses[4][0] > 0, "loss " + losses[4][0]);
            NDArray grad = efficient
                    .namedParameters()
                    .get("encoder.blocks.0.mlp.fc1.weight")
                    .getArray()
                    .getGradient();
            grad.attach(step);
            assertTrue(grad.abs().sum().getFloat() > 0, "the encoder gets a gradient");
        }
    }

    @Test
    void efficientModeKeepsOnlyTheLabelledMlmRows() {
        SimvtpPretrainModel efficient = SimvtpPretrainModel.builder()
                .setConfig(CONFIG)
                .optMode(ExecutionMode.EFFICIENT)
                .build();
        try (NDManager models = manager.newSubManager();
                NDManager step = models.newSubManager()) {
            efficient.initialize(models);
            PretrainOutput out = efficient.forward(batch(step), false, new Random(1));
            assertEquals(ExecutionMode.EFFICIENT, efficient.mode());
            assertTrue(out.mlmLabelledOnly());
            assertEquals(new Shape(3, CONFIG.vocabSize()), out.mlmLogits().getShape()); // 3 labels in the batch
            SimvtpPretrainModel reference =
                    SimvtpPretrainModel.builder().setConfig(CONFIG).build();
            reference.initialize(models);
            PretrainOutput full = reference.forward(batch(step), false, new Random(1));
            assertFalse(full.mlmLabelledOnly());
            assertEquals(new Shape(3, 6, CONFIG.vocabSize()), full.mlmLogits().getShape());
        }
    }

    /** Eval-mode forward + backward; fills the five losses and returns every parameter's gradient. */
    private static Map<String, float[]> lossesAndGradients(
            SimvtpPretrainModel model, PretrainInputs in, NDManager step, float[][] losses) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            PretrainOutput out = model.forward(in, false, new Random(1));
            NDArray[] all = {out.lossVideo(), out.lossText(), out.lossVtc(), out.lossVtm(), out.lossTotal()};
            for (int i = 0; i < all.length; i++) {
                losses[i] = new float[] {all[i].getFloat()};
            }
            gc.backward(out.lossTotal());
        }
        Map<String, float[]> grads = new LinkedHashMap<>();
        model.namedParameters().forEach((n, p) -> {
            NDArray g = p.getArray().getGradient();
            g.attach(step);
            grads.put(n, g.toFloatArray());
        });
        return grads;
    }

    private static double scaleOf(float[] values) {
        double s = 0;
        for (float v : values) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    @Test
    void trainingStepsInASubManagerLeaveNoArraysBehindAndLowerTheLoss() {
        SimvtpPretrainModel model =
                SimvtpPretrainModel.builder().setConfig(CONFIG).build();
        try (NDManager modelManager = manager.newSubManager()) {
            manager.getEngine().setRandomSeed(11);
            model.initialize(modelManager);
            float first = Float.NaN;
            float last = Float.NaN;
            int liveAfterFirst = -1;
            for (int i = 0; i < 12; i++) {
                try (NDManager step = modelManager.newSubManager()) {
                    Random fixed = new Random(7);
                    manager.getEngine().setRandomSeed(3);
                    PretrainInputs in = batch(step);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        PretrainOutput out = model.forward(in, true, fixed);
                        gc.backward(out.lossTotal());
                        last = out.lossTotal().getFloat();
                        first = i == 0 ? last : first;
                    }
                    model.namedParameters().values().forEach(p -> {
                        NDArray w = p.getArray();
                        NDArray g = w.getGradient();
                        g.attach(step); // each getGradient() is a new handle owned by the parameter's manager
                        w.subi(g.mul(3e-4f));
                        g.subi(g);
                    });
                }
                int live = countArrays(modelManager);
                if (i == 0) {
                    liveAfterFirst = live;
                }
                assertEquals(liveAfterFirst, live, "live arrays after step " + i);
            }
            assertTrue(last < first, "loss should fall with SGD on a fixed batch: " + first + " -> " + last);
        }
    }

    @Test
    void paddingEmbeddingRowGetsNoGradient() {
        SimvtpPretrainModel model =
                SimvtpPretrainModel.builder().setConfig(CONFIG).build();
        try (NDManager modelManager = manager.newSubManager();
                NDManager step = modelManager.newSubManager()) {
            model.initialize(modelManager);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.forward(batch(step), false, new Random(0)).lossTotal());
            }
            NDArray grad = model.namedParameters()
                    .get("text_embeddings.word_embeddings.weight")
                    .getArray()
                    .getGradient();
            assertEquals(0f, grad.get(0).abs().sum().getFloat());
            assertTrue(grad.get(101).abs().sum().getFloat() > 0);
        }
    }

    @Test
    void negativesAreNeverThePositiveAndNeedTwoSamples() {
        NDArray neg = org.simvtp.models.objective.VtmObjective.sampleNegatives(manager, 5, new Random(3));
        long[] j = neg.toLongArray();
        for (int i = 0; i < j.length; i++) {
            assertNotEquals(i, j[i]);
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> org.simvtp.models.objective.VtmObjective.sampleNegatives(manager, 1, new Random()));
        assertTrue(e.getMessage().contains("at least 2"));
    }

    @Test
    void referenceParameterNamesAreComplete() {
        SimvtpPretrainModel model =
                SimvtpPretrainModel.builder().setConfig(SimvtpConfig.vitBase()).build();
        var names = model.namedParameters().keySet();
        assertTrue(names.contains("encoder.blocks.11.attn.qkv.weight"));
        assertTrue(names.contains("decoder.blocks.3.mlp.fc2.bias"));
        assertTrue(names.contains("text_embeddings.LayerNorm.weight"));
        assertTrue(names.contains("mask_token"));
        assertEquals(12 * 13 + 4 + 4 * 13 + 4 + 1 + 1 + 5 + 2 + 2, names.size());
    }

    static int countArrays(NDManager m) {
        int[] count = {0};
        walk(m, count);
        return count[0];
    }

    private static void walk(NDManager m, int[] count) {
        if (m instanceof ai.djl.ndarray.BaseNDManager base) {
            base.getManagedArrays().forEach(r -> {
                if (r instanceof NDManager child) {
                    walk(child, count);
                } else {
                    count[0]++;
                }
            });
        }
    }
}
