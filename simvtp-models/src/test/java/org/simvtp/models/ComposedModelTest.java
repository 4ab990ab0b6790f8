package org.simvtp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.models.heads.MlmHead;
import org.simvtp.models.heads.VtmHead;
import org.simvtp.models.nn.Initializers;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.models.nn.VitEncoder;
import org.simvtp.models.objective.EncoderPass;
import org.simvtp.models.objective.Losses;
import org.simvtp.models.objective.MlmObjective;
import org.simvtp.models.objective.Objective;
import org.simvtp.models.objective.PixelObjective;
import org.simvtp.models.objective.PretrainStep;
import org.simvtp.models.objective.VtcObjective;
import org.simvtp.models.objective.VtmObjective;

/** Composition through {@link SimvtpPretrainModel.Builder}: parts follow objectives, options, build-time checks. */
class ComposedModelTest {

    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static SimvtpPretrainModel.Builder builder() {
        return SimvtpPretrainModel.builder().setConfig(PretrainModelTest.CONFIG);
    }

    /** Batch of 4 whose captions 0 and 1 are identical; no explicit VTM negatives. */
    private static PretrainInputs batchWithTwins(NDManager m) {
        int b = 4;
        boolean[][] mask = new boolean[b][8];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < 2; t++) {
                for (int s = 0; s < 4; s++) {
                    mask[i][t * 4 + s] = s != i % 4;
                }
            }
        }
        long[] ids = {101, 7, 103, 102, 101, 7, 103, 102, 101, 103, 11, 102, 101, 5, 6, 102};
        long[] att = new long[16];
        Arrays.fill(att, 1);
        long[] labels = {-100, -100, 8, -100, -100, -100, 8, -100, -100, 20, -100, -100, -100, -100, -100, -100};
        return new PretrainInputs(
                m.randomNormal(new Shape(b, 3, 4, 32, 32)),
                VideoMask.of(mask),
                m.create(ids, new Shape(b, 4)),
                m.create(att, new Shape(b, 4)),
                m.create(labels, new Shape(b, 4)),
                null);
    }

    @Test
    void defaultCompositionIsTheReference() {
        SimvtpPretrainModel model = builder().build();
        assertEquals(ExecutionMode.REFERENCE, model.mode());
        assertEquals(
                List.of("pixel", "mlm", "vtc", "vtm"),
                model.objectives().stream().map(Objective::name).toList());
        assertEquals(EnumSet.allOf(EncoderPass.class), model.passes());
        List<String> names = List.copyOf(model.namedParameters().keySet());
        assertTrue(
                names.containsAll(List.of(
                        "encoder.blocks.0.attn.qkv.weight",
                        "encoder.blocks.1.mlp.fc2.bias",
                        "decoder.head.weight",
                        "encoder_to_decoder.weight",
                        "mask_token",
                        "text_embeddings.LayerNorm.bias",
                        "text_cls.weight",
                        "text_cls.bias",
                        "vtm_head.weight",
                        "vtm_head.bias")),
                names.toString());
    }

    @Test
    void anObjectiveLeftOutCostsNothing() {
        SimvtpPretrainModel model =
                builder().optObjectives(List.of(VtcObjective.builder().build())).build();
        assertNull(model.pixelDecoder());
        assertNull(model.mlmHead());
        assertNull(model.vtmHead());
        assertEquals(EnumSet.of(EncoderPass.VIDEO, EncoderPass.TEXT), model.passes());
        assertTrue(model.namedParameters().keySet().stream()
                .noneMatch(n -> n.startsWith("decoder.")
                        || n.startsWith("text_cls")
                        || n.startsWith("vtm_head")
                        || n.equals("mask_token")
                        || n.startsWith("encoder_to_decoder")));
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m);
            PretrainOutput out = model.forward(PretrainModelTest.batch(m), false, new Random(0));
            assertEquals(List.of("loss_vtc"), List.copyOf(out.losses().keySet()));
            assertNull(out.jointTokens(), "no joint pass ran");
            assertEquals(out.lossVtc().getFloat(), out.lossTotal().getFloat(), 1e-6);
        }
    }

    @Test
    void theSameObjectivesGiveTheSameLossesInBothModesWithoutDropout() {
        for (List<String> subset : List.of(List.of("vtc", "vtm"), List.of("mlm", "vtm"), List.of("pixel", "vtc"))) {
            float[][] losses = new float[2][];
            for (ExecutionMode mode : ExecutionMode.values()) {
                Engine.getInstance().setRandomSeed(5);
                SimvtpPretrainModel model = builder()
                        .optMode(mode)
                        .optObjectives(objectives(subset))
                        .build();
                try (NDManager m = manager.newSubManager()) {
                    model.initialize(m);
                    Engine.getInstance().setRandomSeed(6);
                    PretrainOutput out = model.forward(PretrainModelTest.batch(m), false, new Random(0));
                    float[] values = new float[out.losses().size()];
                    int i = 0;
                    for (NDArray loss : out.losses().values()) {
                        values[i++] = loss.getFloat();
                    }
                    losses[mode.ordinal()] = values;
                }
            }
            for (int i = 0; i < losses[0].length; i++) {
                assertEquals(losses[0][i], losses[1][i], 2e-5, subset + " loss " + i);
            }
        }
    }

    private static List<Objective> objectives(List<String> names) {
        return names.stream()
                .map(n -> switch (n) {
                    case "pixel" -> (Objective) PixelObjective.builder().build();
                    case "mlm" -> MlmObjective.builder().build();
                    case "vtc" -> VtcObjective.builder().build();
                    default -> VtmObjective.builder().build();
                })
                .toList();
    }

    @Test
    void hardNegativesAreTheMostSimilarVideosWithAnotherCaption() {
        SimvtpPretrainModel model = builder()
                .optObjectives(List.of(
                        VtcObjective.builder().build(),
                        VtmObjective.builder()
                                .optNegatives(VtmObjective.Negatives.HARD)
                                .optHardSampling(VtmObjective.HardSampling.MOST_SIMILAR)
                                .build()))
                .build();
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m);
            PretrainOutput out = model.forward(batchWithTwins(m), false, new Random(0));
            float[] sim = out.vtcSimilarity().toFloatArray();
            long[] chosen = out.tensor("vtm_negatives").toLongArray();
            int b = 4;
            for (int i = 0; i < b; i++) {
                int best = -1;
                for (int j = 0; j < b; j++) {
                    boolean twin = (i < 2 && j < 2);
                    if (j != i && !twin && (best < 0 || sim[i * b + j] > sim[i * b + best])) {
                        best = j;
                    }
                }
                assertEquals(best, chosen[i], "caption " + i + " similarities " + Arrays.toString(sim));
            }
            assertNotEquals(1, chosen[0], "an identical caption is never a negative");
            assertNotEquals(0, chosen[1], "an identical caption is never a negative");
            assertEquals(new Shape(8, 2), out.vtmLogits().getShape());
        }
    }

    @Test
    void sampledHardNegativesNeverPickTheSampleOrItsTwin() {
        SimvtpPretrainModel model = builder()
                .optObjectives(List.of(
                        VtcObjective.builder().optWeight(0).build(),
                        VtmObjective.builder()
                                .optNegatives(VtmObjective.Negatives.HARD)
                                .build()))
                .build();
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m);
            for (int seed = 0; seed < 10; seed++) {
                try (NDManager step = m.newSubManager()) {
                    long[] chosen = model.forward(batchWithTwins(step), false, new Random(seed))
                            .tensor("vtm_negatives")
                            .toLongArray();
                    for (int i = 0; i < 4; i++) {
                        assertNotEquals(i, chosen[i]);
                        assertFalse(i < 2 && chosen[i] < 2, "caption " + i + " got its twin " + chosen[i]);
                    }
                }
            }
        }
    }

    @Test
    void compositionsThatCannotWorkFailAtBuild() {
        IllegalArgumentException hard = assertThrows(IllegalArgumentException.class, () -> builder()
                .optObjectives(List.of(VtmObjective.builder()
                        .optNegatives(VtmObjective.Negatives.HARD)
                        .build()))
                .build());
        assertTrue(hard.getMessage().contains("VtcObjective"), hard.getMessage());
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> builder().addObjective(VtcObjective.builder().build()).build());
        assertTrue(twice.getMessage().contains("'vtc'"), twice.getMessage());
        IllegalArgumentException head = assertThrows(
                IllegalArgumentException.class,
                () -> builder().optVtmHead(new VtmHead(64)).build());
        assertTrue(head.getMessage().contains("VTM head"), head.getMessage());
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> builder().optObjectives(List.of()).build());
        assertTrue(none.getMessage().contains("objective"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimvtpPretrainModel.builder()
                .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> VtcObjective.builder().optWeight(-1).build());
        IllegalArgumentException encoder = assertThrows(IllegalArgumentException.class, () -> builder()
                .optEncoder(VitEncoder.builder()
                        .setConfig(PretrainModelTest.CONFIG)
                        .optFinalNorm(VitEncoder.FinalNorm.POOLED)
                        .build())
                .build());
        assertTrue(encoder.getMessage().contains("per-token"), encoder.getMessage());
    }

    @Test
    void partsAndOptionsComposeAndTrain() {
        SimvtpPretrainModel model = builder()
                .optEncoder(VitEncoder.builder()
                        .setConfig(PretrainModelTest.CONFIG)
                        .optDepth(1)
                        .optQkvBias(false)
                        .build())
                .optMlmHead(MlmHead.builder()
                        .setWidth(32)
                        .setVocabSize(120)
                        .optType(MlmHead.Type.BERT)
                        .build())
                .optObjectives(List.of(
                        PixelObjective.builder()
                                .optTarget(PixelObjective.Target.RAW)
                                .build(),
                        MlmObjective.builder().build(),
                        VtcObjective.builder().optLearnableTemperature(true).build(),
                        VtmObjective.builder().build()))
                .addObjective(new MeanVideoObjective())
                .build();
        assertEquals(1, model.config().encoderDepth());
        Set<String> names = model.namedParameters().keySet();
        assertTrue(
                names.containsAll(List.of(
                        "text_cls.transform.dense.weight",
                        "text_cls.transform.LayerNorm.bias",
                        "text_cls.bias",
                        "vtc.temp",
                        "mean_video.weight")),
                names.toString());
        assertFalse(names.contains("text_cls.weight"), "a BERT head is tied to the word embeddings");
        assertFalse(names.contains("encoder.blocks.0.attn.q_bias"));
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m);
            try (NDManager step = m.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PretrainOutput out = model.forward(PretrainModelTest.batch(step), true, new Random(0));
                assertEquals(
                        List.of("loss_v", "loss_t", "loss_vtc", "loss_vtm", "loss_mean_video"),
                        List.copyOf(out.losses().keySet()));
                gc.backward(out.lossTotal());
                for (String n : List.of(
                        "vtc.temp",
                        "mean_video.weight",
                        "text_cls.transform.dense.weight",
                        "text_embeddings.word_embeddings.weight")) {
                    NDArray g = model.namedParameters().get(n).getArray().getGradient();
                    g.attach(step);
                    assertTrue(g.abs().sum().getFloat() > 0, n + " gets a gradient");
                }
            }
        }
    }

    /** A user-style objective with its own parameters: regress the clip's mean pixel from the pooled video. */
    static final class MeanVideoObjective implements Objective {
        private final Head head = new Head();

        @Override
        public String name() {
            return "mean_video";
        }

        @Override
        public double weight() {
            return 0.5;
        }

        @Override
        public Set<EncoderPass> passes() {
            return EnumSet.of(EncoderPass.VIDEO);
        }

        @Override
        public Optional<ReferenceBlock> block() {
            return Optional.of(head);
        }

        @Override
        public NDArray loss(PretrainStep step) {
            NDArray target = step.inputs()
                    .video()
                    .reshape(step.batchSize(), -1)
                    .mean(new int[] {1})
                    .reshape(-1, 1);
            return Losses.meanSquaredError(head.predict(step.videoFeatures()), target);
        }

        static final class Head extends ReferenceBlock {
            private final Parameter w =
                    param("weight", Parameter.Type.WEIGHT, new Shape(1, 32), Initializers.xavierUniform());

            NDArray predict(NDArray pooled) {
                return Layers.linear(pooled, weight(w, pooled), null);
            }
        }
    }

    @Test
    void globalNegativesInOneProcessAreTheLocalLoss() {
        Engine.getInstance().setRandomSeed(3);
        SimvtpPretrainModel local =
                builder().optObjectives(List.of(VtcObjective.builder().build())).build();
        SimvtpPretrainModel global = builder()
                .optObjectives(List.of(VtcObjective.builder()
                        .optNegatives(VtcObjective.Negatives.GLOBAL)
                        .build()))
                .build();
        try (NDManager m = manager.newSubManager()) {
            local.initialize(m);
            global.initialize(m);
            global.namedParameters()
                    .forEach((k, p) -> local.namedParameters().get(k).getArray().copyTo(p.getArray()));
            PretrainInputs in = PretrainModelTest.batch(m);
            assertEquals(
                    local.forward(in, false, new Random(0)).lossVtc().getFloat(),
                    global.forward(in, false, new Random(0)).lossVtc().getFloat(),
                    0f);
            NDArray first = global.forward(in, false, new Random(0)).vtcSimilarity();
            assertEquals(new Shape(3, 3), first.getShape());
            assertEquals(
                    first.get(new NDIndex("0, 0")).getFloat(),
                    first.get(new NDIndex("0, 0")).getFloat());
        }
    }
}
