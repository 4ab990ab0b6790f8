package org.simvtp.models.facade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.checkpoint.CheckpointFormatException;
import org.simvtp.models.checkpoint.SafetensorsFile;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.models.checkpoint.StateDictLoader;
import org.simvtp.models.checkpoint.TensorData;
import org.simvtp.models.checkpoint.TorchCheckpointReader;
import org.simvtp.models.parity.ParityRunner;

/** The facade without simvtp-data: clip arrays and token ids, loading, saving, the parity bundle. */
class SimvtpTest {

    static final Path BUNDLE = ConfigInferenceTest.BUNDLE;
    static final SimvtpConfig TINY = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(2)
            .optEncoderHeads(2)
            .optDecoderWidth(16)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .optVocabSize(200)
            .build();

    static float[] randomClip(SimvtpConfig c, long seed) {
        Random r = new Random(seed);
        float[] clip = new float[c.channels() * c.numFrames() * c.imageSize() * c.imageSize()];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) r.nextGaussian();
        }
        return clip;
    }

    static final long[][] IDS = {{101, 7, 8, 9, 102}, {101, 11, 102, 0, 0}};
    static final long[][] MASK = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};

    @Test
    void embeddingsHaveTheWidthAreNormalisedAndDeterministic() {
        for (ModelKind kind : ModelKind.values()) {
            try (Simvtp s = Simvtp.fromConfig(TINY, kind, SimvtpOptions.defaults())) {
                assertEquals(kind, s.kind());
                float[] clip = randomClip(TINY, 1);
                float[] v = s.encodeVideo(clip);
                assertEquals(32, v.length);
                assertEquals(1.0, norm(v), 1e-5);
                assertArrayEquals(v, s.encodeVideo(clip));
                assertNotEquals(0f, 1 - Simvtp.cosine(v, s.encodeVideo(randomClip(TINY, 2))));
                float[][] t = s.encodeTokenIds(IDS, MASK);
                assertEquals(2, t.length);
                assertEquals(32, t[1].length);
                assertEquals(1.0, norm(t[1]), 1e-5);
                assertArrayEquals(t[0], s.encodeTokenIds(IDS, MASK)[0]);
            }
        }
    }

    @Test
    void batchesGiveTheSameAsSingleCalls() {
        SimvtpOptions batchOfTwo =
                SimvtpOptions.builder().optMaxBatch(2).optNormalize(false).build();
        try (Simvtp s = Simvtp.fromConfig(TINY, ModelKind.TWO_TOWER, batchOfTwo)) {
            float[][] clips = {randomClip(TINY, 1), randomClip(TINY, 2), randomClip(TINY, 3)};
            float[][] all = s.encodeVideos(clips);
            for (int i = 0; i < clips.length; i++) {
                assertClose(s.encodeVideo(clips[i]), all[i], 1e-5);
            }
            long[][] ids = {IDS[0], IDS[1], IDS[1]};
            long[][] mask = {MASK[0], MASK[1], MASK[1]};
            float[][] text = s.encodeTokenIds(ids, mask);
            assertClose(text[1], text[2], 1e-5);
            assertClose(s.encodeTokenIds(IDS, MASK)[1], text[1], 1e-5);
        }
    }

    @Test
    void poolingOptionChangesOnlyPaddedCaptions(@TempDir Path dir) throws Exception {
        SimvtpOptions aware = SimvtpOptions.builder()
                .optPooling(DualEncoder.Pooling.MASK_AWARE)
                .build();
        try (Simvtp reference = Simvtp.fromConfig(TINY, ModelKind.PRETRAINING, SimvtpOptions.defaults());
                Simvtp maskAware = Simvtp.fromConfig(TINY, ModelKind.PRETRAINING, aware)) {
            // same weights: copy through safetensors
            Path file = dir.resolve("weights.safetensors");
            reference.save(file);
            try (Simvtp copy = Simvtp.load(file, null, aware)) {
                float[][] ref = reference.encodeTokenIds(IDS, MASK);
                float[][] mine = copy.encodeTokenIds(IDS, MASK);
                assertClose(ref[0], mine[0], 1e-5);
                assertTrue(1 - Simvtp.cosine(ref[1], mine[1]) > 1e-6, "padding changes the reference pooling");
            }
            assertEquals(DualEncoder.Pooling.MASK_AWARE, maskAware.options().pooling());
        }
    }

    @Test
    void ndArrayVariantsMatchAndStayInTheCallersManager() {
        try (Simvtp s = Simvtp.fromConfig(TINY, ModelKind.TWO_TOWER, SimvtpOptions.defaults());
                NDManager m = NDManager.newBaseManager()) {
            float[] a = randomClip(TINY, 4);
            float[] b = randomClip(TINY, 5);
            float[] both = new float[a.length * 2];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            NDArray clips = m.create(both, new Shape(2, 3, 4, 32, 32));
            int before = m.getManagedArrays().size();
            NDArray out = s.encodeVideo(clips);
            assertEquals(new Shape(2, 32), out.getShape());
            assertEquals(m, out.getManager());
            assertEquals(before + 1, m.getManagedArrays().size(), "only the result is left in the caller's manager");
            assertClose(s.encodeVideo(a), out.get(0).toFloatArray(), 1e-5);
            NDArray text = s.encodeText(m.create(IDS), m.create(MASK));
            assertClose(s.encodeTokenIds(IDS, MASK)[1], text.get(1).toFloatArray(), 1e-5);
        }
    }

    @Test
    void mediaMethodsExplainWhatIsMissing() {
        try (Simvtp s = Simvtp.fromConfig(TINY)) {
            assertFalse(s.hasMediaSupport());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.encodeText("a cat"));
            assertTrue(e.getMessage().contains("add org.simvtp:simvtp-data to the classpath"), e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> s.encodeVideo(Path.of("clip.mp4")));
            assertTrue(e.getMessage().contains("simvtp-data"), e.getMessage());
        }
    }

    @Test
    void badInputsAreRejectedWithMessages() {
        try (Simvtp s = Simvtp.fromConfig(TINY, ModelKind.TWO_TOWER, SimvtpOptions.defaults())) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> s.encodeVideo(new float[10]));
            assertTrue(e.getMessage().contains("12288"), e.getMessage());
            e = assertThrows(
                    IllegalArgumentException.class,
                    () -> s.encodeTokenIds(new long[][] {{101, 300, 102}}, new long[][] {{1, 1, 1}}));
            assertTrue(e.getMessage().contains("300") && e.getMessage().contains("200"), e.getMessage());
            IllegalStateException r = assertThrows(
                    IllegalStateException.class,
                    () -> s.reconstruct(randomClip(TINY, 1), "a cat", ReconstructionOptions.defaults()));
            assertTrue(r.getMessage().contains("pre-training"), r.getMessage());
        }
        Simvtp closed = Simvtp.fromConfig(TINY);
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.encodeVideo(randomClip(TINY, 1)));
    }

    @Test
    void saveAndLoadRestoreTheSameModel(@TempDir Path dir) throws Exception {
        for (ModelKind kind : ModelKind.values()) {
            SimvtpConfig config =
                    TINY.toBuilder().optNumFrames(6).optEncoderHeads(4).build(); // not inferable from shapes
            try (Simvtp s = Simvtp.fromConfig(config, kind, SimvtpOptions.defaults())) {
                Path file = dir.resolve(kind + ".safetensors");
                s.save(file);
                SafetensorsFile st = SafetensorsReader.read(file);
                assertEquals(config, ConfigJson.fromJson(st.metadata().get("config")));
                assertTrue(st.tensors().keySet().stream()
                        .anyMatch(k -> k.startsWith(kind == ModelKind.TWO_TOWER ? "video_encoder." : "encoder.")));
                try (Simvtp loaded = Simvtp.load(file)) {
                    assertEquals(kind, loaded.kind());
                    assertEquals(config, loaded.config());
                    assertEquals(s.modelId(), loaded.modelId());
                    float[] clip = randomClip(config, 9);
                    assertArrayEquals(s.encodeVideo(clip), loaded.encodeVideo(clip));
                    assertArrayEquals(s.encodeTokenIds(IDS, MASK)[1], loaded.encodeTokenIds(IDS, MASK)[1]);
                }
            }
        }
        try (Simvtp a = Simvtp.fromConfig(TINY);
                Simvtp b = Simvtp.fromConfig(TINY)) {
            assertNotEquals(a.modelId(), b.modelId(), "different random weights, different ids");
        }
    }

    @Test
    void wrongConfigurationIsReportedWithTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.safetensors");
        try (Simvtp s = Simvtp.fromConfig(TINY, ModelKind.TWO_TOWER, SimvtpOptions.defaults())) {
            s.save(file);
        }
        CheckpointFormatException e = assertThrows(
                CheckpointFormatException.class,
                () -> Simvtp.load(file, TINY.toBuilder().optEncoderDepth(3).build()));
        assertTrue(e.getMessage().contains("m.safetensors") && e.getMessage().contains("missing"), e.getMessage());
        Path junk = dir.resolve("junk.pth");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThrows(CheckpointFormatException.class, () -> Simvtp.load(junk));
        assertThrows(java.io.FileNotFoundException.class, () -> Simvtp.load(dir.resolve("absent.pt")));
    }

    @Test
    void parityBundleTwoTowerGivesTheReferenceEmbeddings() throws Exception {
        SimvtpConfig config =
                ParityRunner.configOf(JsonParser.parseString(Files.readString(BUNDLE.resolve("manifest.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("config"));
        Path pt = BUNDLE.resolve("finetune-model_states.pt");
        SafetensorsFile inputs = SafetensorsReader.read(BUNDLE.resolve("inputs.safetensors"));
        SafetensorsFile expected = SafetensorsReader.read(BUNDLE.resolve("expected.safetensors"));
        SimvtpOptions raw = SimvtpOptions.builder().optNormalize(false).build();
        try (Simvtp s = Simvtp.load(pt, config, raw);
                NDManager m = NDManager.newBaseManager()) {
            assertEquals(ModelKind.TWO_TOWER, s.kind());
            float[][] clips = split(inputs.tensor("video"));
            long[][] tokenIds = longRows(inputs.tensor("raw_input_ids"));
            long[][] mask = longRows(inputs.tensor("attention_mask"));
            float[][] video = s.encodeVideos(clips);
            float[][] text = s.encodeTokenIds(tokenIds, mask);
            assertClose(flat(video), expected.tensor("ft_video_emb").toFloat32().toFloatArray(), 1e-4);
            assertClose(flat(text), expected.tensor("ft_text_emb").toFloat32().toFloatArray(), 1e-4);

            DualEncoder dual = new DualEncoder(config);
            dual.initialize(m);
            Map<String, TensorData> sd = TorchCheckpointReader.readStateDict(pt, "module");
            Map<String, NDArray> arrays = new java.util.LinkedHashMap<>();
            sd.forEach((k, v) -> arrays.put(k, v.toNDArray(m)));
            StateDictLoader.load(dual, arrays, n -> n).requireExact(pt.toString());
            NDArray direct = dual.encodeVideo(inputs.tensor("video").toNDArray(m), false);
            assertClose(flat(video), direct.toFloatArray(), 1e-6);
            NDArray directText = dual.encodeText(
                    inputs.tensor("raw_input_ids").toNDArray(m),
                    inputs.tensor("attention_mask").toNDArray(m),
                    false);
            assertClose(flat(text), directText.toFloatArray(), 1e-6);
        }
    }

    @Test
    void parityPretrainingCheckpointLoadsZeroShot() throws Exception {
        Path pth = BUNDLE.resolve("pretrain-checkpoint.pth");
        SimvtpConfig inferred;
        try (Simvtp s = Simvtp.load(pth)) {
            assertEquals(ModelKind.PRETRAINING, s.kind());
            inferred = s.config();
            assertEquals(64, inferred.encoderWidth());
        }
        SimvtpConfig config = inferred.toBuilder()
                .optImageSize(64)
                .optNumFrames(4)
                .optEncoderHeads(2)
                .build();
        try (Simvtp s = Simvtp.load(pth, config)) {
            float[] v = s.encodeVideo(randomClip(config, 3));
            assertEquals(64, v.length);
            assertEquals(1.0, norm(v), 1e-5);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    static void assertClose(float[] expected, float[] actual, double relTol) {
        assertEquals(expected.length, actual.length);
        double scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relTol * scale, "index " + i);
        }
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        }
        return out;
    }

    private static float[][] split(TensorData t) {
        float[] all = t.toFloat32().toFloatArray();
        int n = (int) t.shape()[0];
        int each = all.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(all, i * each, (i + 1) * each);
        }
        return out;
    }

    private static long[][] longRows(TensorData t) {
        long[] all = t.toLongArray();
        int n = (int) t.shape()[0];
        int each = all.length / n;
        long[][] out = new long[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(all, i * each, (i + 1) * each);
        }
        return out;
    }
}
