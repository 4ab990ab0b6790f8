package org.simvtp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdamWTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private Map<String, NDArray> params(float[] w, float[] b, float[] tok) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("head.weight", param(w, new Shape(2, 2)));
        m.put("head.bias", param(b, new Shape(2)));
        m.put("mask_token", param(tok, new Shape(1, 1, 2)));
        return m;
    }

    private NDArray param(float[] values, Shape shape) {
        NDArray a = manager.create(values, shape);
        a.setRequiresGradient(true);
        return a;
    }

    private static final float[] W0 = {1f, -2f, 0.5f, 3f};
    private static final float[] B0 = {0.25f, -0.75f};
    private static final float[] T0 = {2f, -1f};
    private static final Map<String, float[]> G1 = Map.of(
            "head.weight", new float[] {0.5f, -1f, 0.2f, 0f},
            "head.bias", new float[] {1f, -0.1f},
            "mask_token", new float[] {-0.3f, 0.6f});
    private static final Map<String, float[]> G2 = Map.of(
            "head.weight", new float[] {0.1f, 0.3f, -0.4f, 2f},
            "head.bias", new float[] {-0.5f, 0.2f},
            "mask_token", new float[] {0.7f, 0.05f});

    /** Independent scalar AdamW in double precision (torch.optim.AdamW formulas). */
    private static double[] reference(float[] p0, float[][] grads, double lr, double wd, double b1, double b2) {
        double[] p = new double[p0.length];
        double[] m = new double[p0.length];
        double[] v = new double[p0.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = p0[i];
        }
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = grads[t - 1][i];
                p[i] *= 1 - lr * wd;
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        return p;
    }

    private static void assertClose(double[] expected, NDArray actual) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], 1e-6, "element " + i);
        }
    }

    @Test
    void twoStepsMatchHandComputedUpdateWithDecayOnlyOnMatrices() {
        Map<String, NDArray> p = params(W0, B0, T0);
        try (AdamW opt = AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optBetas(0.9, 0.95)
                .optManager(manager)
                .build()) {
            Backprop.linearLoss(manager, p, G1);
            opt.update(0.1, 0.5);
            // first step by hand: p(1 - lr*wd) - lr * sign(g): 1 * 0.95 - 0.1 = 0.85; zero grad → only decay
            float[] w1 = p.get("head.weight").toFloatArray();
            assertEquals(0.85, w1[0], 1e-6);
            assertEquals(3 * 0.95, w1[3], 1e-6); // zero gradient: decay only
            assertEquals(0.25 - 0.1, p.get("head.bias").getFloat(0), 1e-6); // no decay on biases
            Backprop.linearLoss(manager, p, G2);
            opt.update(0.1, 0.5);
            assertEquals(2, opt.step());
            assertClose(
                    reference(W0, new float[][] {G1.get("head.weight"), G2.get("head.weight")}, 0.1, 0.5, 0.9, 0.95),
                    p.get("head.weight"));
            assertClose(
                    reference(B0, new float[][] {G1.get("head.bias"), G2.get("head.bias")}, 0.1, 0.0, 0.9, 0.95),
                    p.get("head.bias"));
            assertClose(
                    reference(T0, new float[][] {G1.get("mask_token"), G2.get("mask_token")}, 0.1, 0.0, 0.9, 0.95),
                    p.get("mask_token"));
        }
    }

    @Test
    void slicedUpdateOfBigParametersEqualsWholeTensorUpdateBitForBit() {
        Random random = new Random(5);
        Shape[] shapes = {new Shape(37, 11), new Shape(300), new Shape(5, 3, 7), new Shape(2, 2)};
        String[] names = {"emb.weight", "big.bias", "conv.weight", "small.weight"};
        Map<String, float[]> init = new LinkedHashMap<>();
        List<Map<String, float[]>> grads = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            init.put(names[i], randomValues(random, (int) shapes[i].size()));
        }
        for (int step = 0; step < 3; step++) {
            Map<String, float[]> g = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                g.put(names[i], randomValues(random, (int) shapes[i].size()));
            }
            grads.add(g);
        }
        Map<String, NDArray> whole = new LinkedHashMap<>();
        Map<String, NDArray> sliced = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            whole.put(names[i], param(init.get(names[i]), shapes[i]));
            sliced.put(names[i], param(init.get(names[i]), shapes[i]));
        }
        try (AdamW a = AdamW.builder()
                        .setParameters(NamedParameters.of(whole))
                        .optSliceElements(0)
                        .optHostKernel(false)
                        .optManager(manager)
                        .build();
                AdamW b = AdamW.builder()
                        .setParameters(NamedParameters.of(sliced))
                        .optSliceElements(40)
                        .optHostKernel(false)
                        .optManager(manager)
                        .build()) {
            for (Map<String, float[]> g : grads) {
                Backprop.linearLoss(manager, whole, g);
                Backprop.linearLoss(manager, sliced, g);
                a.update(0.01, 0.05);
                b.update(0.01, 0.05);
            }
            for (String name : names) {
                assertFalse(Arrays.equals(init.get(name), sliced.get(name).toFloatArray()), name + " was updated");
                assertArrayEquals(
                        whole.get(name).toFloatArray(), sliced.get(name).toFloatArray(), name);
                assertArrayEquals(
                        a.stateDict().get(AdamW.EXP_AVG_SQ_PREFIX + name).toFloatArray(),
                        b.stateDict().get(AdamW.EXP_AVG_SQ_PREFIX + name).toFloatArray(),
                        name);
                assertEquals(0f, sliced.get(name).getGradient().abs().sum().getFloat(), name + " gradient zeroed");
            }
        }
    }

    @Test
    void hostKernelMatchesTheTensorPathAndLeavesNonContiguousParametersToIt() {
        Random random = new Random(8);
        Shape[] shapes = {new Shape(70000), new Shape(37, 11), new Shape(5)};
        String[] names = {"emb.weight", "blocks.0.fc.weight", "blocks.0.fc.bias"};
        Map<String, NDArray> host = new LinkedHashMap<>();
        Map<String, NDArray> tensor = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            float[] init = randomValues(random, (int) shapes[i].size());
            host.put(names[i], param(init, shapes[i]));
            tensor.put(names[i], param(init, shapes[i]));
        }
        // a transposed (non-contiguous) parameter cannot be written through a buffer: tensor path
        float[] t0 = randomValues(random, 12);
        host.put("strided.weight", strided(t0));
        tensor.put("strided.weight", strided(t0));
        try (AdamW a = AdamW.builder()
                        .setParameters(NamedParameters.of(host))
                        .optBetas(0.9, 0.95)
                        .optManager(manager)
                        .build();
                AdamW b = AdamW.builder()
                        .setParameters(NamedParameters.of(tensor))
                        .optBetas(0.9, 0.95)
                        .optHostKernel(false)
                        .optManager(manager)
                        .build()) {
            for (int step = 0; step < 4; step++) {
                Map<String, float[]> g = new HashMap<>();
                host.forEach((name, p) -> g.put(name, randomValues(random, (int) p.size())));
                Backprop.linearLoss(manager, host, g);
                Backprop.linearLoss(manager, tensor, g);
                a.update(step == 0 ? 0.0 : 0.01, 0.05);
                b.update(step == 0 ? 0.0 : 0.01, 0.05);
            }
            for (String name : host.keySet()) {
                float[] x = host.get(name).toFloatArray();
                float[] y = tensor.get(name).toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(y[i], x[i], 1e-6 * Math.max(1, Math.abs(y[i])), name + "[" + i + "]");
                }
                assertArrayEquals(
                        b.stateDict().get(AdamW.EXP_AVG_PREFIX + name).toFloatArray(),
                        a.stateDict().get(AdamW.EXP_AVG_PREFIX + name).toFloatArray(),
                        1e-7f,
                        name);
                NDArray grad = host.get(name).getGradient();
                grad.attach(manager);
                assertEquals(0f, grad.abs().sum().getFloat(), name + " gradient zeroed");
            }
            assertFalse(Arrays.equals(t0, host.get("strided.weight").toFloatArray()), "strided parameter updated");
        }
    }

    private NDArray strided(float[] values) {
        NDArray base = manager.create(values, new Shape(3, 4));
        NDArray p = base.transpose().stopGradient();
        p.setRequiresGradient(true);
        return p;
    }

    private static float[] randomValues(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    @Test
    void groupsFollowDecayRuleAndLayerScale() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("video_encoder.patch_embed.proj.weight", param(new float[] {1f, 1f}, new Shape(1, 2)));
        p.put("video_encoder.blocks.0.attn.q_bias", param(new float[] {1f, 1f}, new Shape(2)));
        p.put("video_encoder.fc_norm.weight", param(new float[] {1f, 1f}, new Shape(2)));
        LayerwiseLrDecay decay =
                LayerwiseLrDecay.builder().setDepth(1).setDecay(0.5).build();
        try (AdamW opt = AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optLayerDecay(decay)
                .optManager(manager)
                .build()) {
            assertEquals(new ParameterGroup(true, 0, 0.25), opt.group("video_encoder.patch_embed.proj.weight"));
            assertEquals(new ParameterGroup(false, 1, 0.5), opt.group("video_encoder.blocks.0.attn.q_bias"));
            assertEquals(new ParameterGroup(false, 2, 1.0), opt.group("video_encoder.fc_norm.weight"));
            Map<String, float[]> g = new HashMap<>();
            p.keySet().forEach(n -> g.put(n, new float[] {1f, -1f}));
            Backprop.linearLoss(manager, p, g);
            opt.update(0.1, 0.0);
            // first Adam step moves each element by ≈ lr * scale against the gradient's sign
            assertArrayEquals(
                    new float[] {0.975f, 1.025f},
                    p.get("video_encoder.patch_embed.proj.weight").toFloatArray(),
                    1e-6f);
            assertArrayEquals(
                    new float[] {0.95f, 1.05f},
                    p.get("video_encoder.blocks.0.attn.q_bias").toFloatArray(),
                    1e-6f);
            assertArrayEquals(
                    new float[] {0.9f, 1.1f},
                    p.get("video_encoder.fc_norm.weight").toFloatArray(),
                    1e-6f);
            assertThrows(IllegalArgumentException.class, () -> opt.group("nope"));
        }
    }

    @Test
    void gradientsAreZeroedAfterUpdateAndByZeroGrad() {
        Map<String, NDArray> p = params(W0, B0, T0);
        try (AdamW opt = AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optManager(manager)
                .build()) {
            Backprop.linearLoss(manager, p, G1);
            opt.update(0.01, 0.05);
            for (NDArray a : p.values()) {
                try (NDArray g = a.getGradient()) {
                    assertEquals(0f, g.abs().sum().getFloat());
                }
            }
            Backprop.linearLoss(manager, p, G2);
            opt.zeroGrad();
            try (NDArray g = p.get("head.weight").getGradient()) {
                assertEquals(0f, g.abs().sum().getFloat());
            }
            assertEquals(1, opt.step());
        }
    }

    @Test
    void stateDictRoundTripResumesExactly() {
        Map<String, NDArray> straight = params(W0, B0, T0);
        Map<String, NDArray> interrupted = params(W0, B0, T0);
        Map<String, NDArray> savedState = new LinkedHashMap<>();
        float[][] savedWeights = new float[3][];
        try (AdamW a = AdamW.builder()
                        .setParameters(NamedParameters.of(straight))
                        .optManager(manager)
                        .build();
                AdamW b = AdamW.builder()
                        .setParameters(NamedParameters.of(interrupted))
                        .optManager(manager)
                        .build()) {
            for (Map<String, float[]> g : java.util.List.of(G1, G2)) {
                Backprop.linearLoss(manager, straight, g);
                a.update(0.05, 0.1);
                Backprop.linearLoss(manager, interrupted, g);
                b.update(0.05, 0.1);
            }
            b.stateDict().forEach((k, v) -> {
                NDArray copy = v.duplicate(); // the copy starts in the optimizer's manager
                copy.attach(manager);
                savedState.put(k, copy);
            });
            int i = 0;
            for (NDArray w : interrupted.values()) {
                savedWeights[i++] = w.toFloatArray();
            }
            Backprop.linearLoss(manager, straight, G1);
            a.update(0.05, 0.1);
        }
        assertEquals(1 + 2 * 3, savedState.size());
        assertEquals(2L, savedState.get("step").getLong());

        Map<String, NDArray> resumed = params(savedWeights[0], savedWeights[1], savedWeights[2]);
        try (AdamW c = AdamW.builder()
                .setParameters(NamedParameters.of(resumed))
                .optManager(manager)
                .build()) {
            c.loadStateDict(savedState);
            assertEquals(2, c.step());
            Backprop.linearLoss(manager, resumed, G1);
            c.update(0.05, 0.1);
        }
        for (String name : straight.keySet()) {
            assertArrayEquals(
                    straight.get(name).toFloatArray(), resumed.get(name).toFloatArray(), name);
        }
    }

    @Test
    void loadStateDictRejectsBadStateWithoutChangingIt() {
        Map<String, NDArray> p = params(W0, B0, T0);
        try (AdamW opt = AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optManager(manager)
                .build()) {
            Map<String, NDArray> good = new LinkedHashMap<>(opt.stateDict());
            Map<String, NDArray> missing = new LinkedHashMap<>(good);
            missing.remove("exp_avg_sq.head.bias");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(missing));
            assertTrue(e.getMessage().contains("exp_avg_sq.head.bias"), e.getMessage());

            Map<String, NDArray> wrongShape = new LinkedHashMap<>(good);
            wrongShape.put("exp_avg.head.weight", manager.ones(new Shape(4)));
            wrongShape.put("step", manager.create(7L));
            e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(wrongShape));
            assertTrue(e.getMessage().contains("exp_avg.head.weight"), e.getMessage());
            assertEquals(0, opt.step());

            Map<String, NDArray> unknown = new LinkedHashMap<>(good);
            unknown.put("exp_avg.other", manager.ones(new Shape(2)));
            assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(unknown));
        }
    }

    @Test
    void liveArraysDoNotGrowOverHundredSteps() {
        Map<String, NDArray> p = params(W0, B0, T0);
        try (NDManager optParent = manager.newSubManager();
                AdamW opt = AdamW.builder()
                        .setParameters(NamedParameters.of(p))
                        .optManager(optParent)
                        .build()) {
            Backprop.linearLoss(manager, p, G1);
            opt.update(1e-3, 0.05);
            int paramsAfterOne = manager.getManagedArrays().size();
            int stateAfterOne = optParent.getManagedArrays().size();
            for (int i = 0; i < 99; i++) {
                Backprop.linearLoss(manager, p, i % 2 == 0 ? G1 : G2);
                opt.update(1e-3, 0.05);
            }
            opt.zeroGrad();
            assertEquals(100, opt.step());
            assertEquals(paramsAfterOne, manager.getManagedArrays().size());
            assertEquals(stateAfterOne, optParent.getManagedArrays().size());
            assertEquals(6, stateAfterOne); // exactly m and v per parameter
            for (NDArray a : p.values()) {
                assertFalse(Float.isNaN(a.sum().getFloat()));
            }
        }
    }

    @Test
    void updatesFromAFreshThreadWhereGradModeIsOn() throws Exception {
        // in-place ops on a leaf requiring grad fail on threads with grad mode enabled; detached views do not
        Map<String, NDArray> p = params(W0, B0, T0);
        try (AdamW opt = AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optManager(manager)
                .build()) {
            Backprop.linearLoss(manager, p, G1);
            Throwable[] failure = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    opt.update(0.1, 0.5);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            t.start();
            t.join();
            assertEquals(null, failure[0]);
            assertEquals(0.85, p.get("head.weight").getFloat(0, 0), 1e-6);
        }
    }

    @Test
    void rejectsBadHyperParameters() {
        Map<String, NDArray> p = params(W0, B0, T0);
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optBetas(1.0, 0.9)
                .build());
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder().build());
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optSliceElements(-1)
                .build());
        try (AdamW opt = AdamW.builder()
                .setParameters(NamedParameters.of(p))
                .optManager(manager)
                .build()) {
            assertThrows(IllegalArgumentException.class, () -> opt.update(Double.NaN, 0));
            assertThrows(IllegalArgumentException.class, () -> opt.update(0.1, -1));
        }
    }
}
