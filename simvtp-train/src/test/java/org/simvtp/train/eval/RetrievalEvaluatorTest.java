package org.simvtp.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.core.metrics.RetrievalMetrics;
import org.simvtp.core.metrics.RetrievalReport;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.text.TokenBatch;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.PretrainInputs;
import org.simvtp.models.PretrainOutput;
import org.simvtp.models.SimvtpPretrainModel;

class RetrievalEvaluatorTest {

    /** 32² pixels, 4 frames: 8 tokens of width 32; the full BERT vocabulary for the real tokenizer. */
    static final SimvtpConfig CONFIG = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(1)
            .optEncoderHeads(2)
            .optDecoderWidth(16)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .build();

    static final TestViews VIEWS = TestViews.forConfig(CONFIG);

    static NDManager manager;
    static DualEncoder model;
    static BertTokenizer bert;
    static List<SyntheticSample> samples;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Device.cpu());
        Engine.getInstance().setRandomSeed(3);
        model = new DualEncoder(CONFIG, 0, DualEncoder.Pooling.ALL_POSITIONS);
        model.initialize(manager);
        bert = BertTokenizer.create();
        // 40 x 32 frames: the short side already has the crop size, the 3 crops move along the width
        samples = SyntheticVideoText.builder()
                .optSeed(3)
                .optSize(40, 32)
                .optFrames(20)
                .build()
                .generate(5);
    }

    @AfterAll
    static void tearDown() {
        bert.close();
        manager.close();
    }

    static List<RetrievalItem> items() {
        List<RetrievalItem> out = new ArrayList<>();
        for (SyntheticSample s : samples) {
            out.add(RetrievalItem.ofFrames("s" + s.id(), s.frames(), s.caption()));
        }
        return out;
    }

    static RetrievalEvaluator.Builder evaluator() {
        return RetrievalEvaluator.builder(EmbeddingModel.of(model), bert::encodeBatch)
                .optViews(VIEWS);
    }

    @Test
    void videoEmbeddingIsThePlainMeanOverTheSegmentTimesCropViews() {
        RetrievalEmbeddings e =
                evaluator().optVideoBatchSize(4).optTextBatchSize(2).build().embed(items());
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), e.videoIds());
        assertEquals(1, e.captionsPerVideo());
        for (int v = 0; v < samples.size(); v++) {
            List<ClipTensor> views = VIEWS.fromFrames(samples.get(v).frames());
            assertEquals(9, views.size(), "3 segments x 3 crops");
            assertFalse(Arrays.equals(views.get(0).data(), views.get(8).data()), "views differ");
            double[] mean = new double[CONFIG.encoderWidth()];
            try (NDManager sub = manager.newSubManager()) {
                for (ClipTensor view : views) { // one view at a time, unlike the evaluator's batches of 4
                    float[] out = model.encodeVideo(view.toNDArray(sub).expandDims(0), false)
                            .toFloatArray();
                    for (int d = 0; d < out.length; d++) {
                        mean[d] += out[d] / views.size();
                    }
                }
            }
            for (int d = 0; d < mean.length; d++) {
                assertEquals(mean[d], e.video()[v][d], 2e-5, "video " + v + " dim " + d);
            }
        }
        // captions in batches of 2, each padded to its own longest caption
        for (int from = 0; from < samples.size(); from += 2) {
            List<String> batch = new ArrayList<>();
            for (int i = from; i < Math.min(samples.size(), from + 2); i++) {
                batch.add(samples.get(i).caption());
            }
            TokenBatch tokens = bert.encodeBatch(batch);
            try (NDManager sub = manager.newSubManager()) {
                float[] out = model.encodeText(sub.create(tokens.ids()), sub.create(tokens.attentionMask()), false)
                        .toFloatArray();
                for (int i = 0; i < batch.size(); i++) {
                    float[] row = Arrays.copyOfRange(out, i * CONFIG.encoderWidth(), (i + 1) * CONFIG.encoderWidth());
                    assertArrayEquals(row, e.text()[from + i], 1e-5f, "caption " + (from + i));
                }
            }
        }
    }

    @Test
    void identicalClipsOnBothSidesRetrievePerfectly() {
        // a probe model whose "caption" k is embedded as video k by the same video tower: each query equals its
        // ground-truth video exactly, and random clips make every video different from the others
        Random r = new Random(11);
        List<ClipTensor> clips = new ArrayList<>();
        List<RetrievalItem> items = new ArrayList<>();
        for (int v = 0; v < 7; v++) {
            float[] data = new float[3 * 4 * 32 * 32];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) r.nextGaussian();
            }
            clips.add(new ClipTensor(data, 3, 4, 32, 32));
            items.add(RetrievalItem.ofViews("v" + v, List.of(clips.get(v)), "" + v, "" + v));
        }
        EmbeddingModel probe = new EmbeddingModel() {
            @Override
            public NDArray encodeVideo(NDArray x) {
                return model.encodeVideo(x, false);
            }

            @Override
            public NDArray encodeText(NDArray ids, NDArray mask) {
                NDList batch = new NDList();
                for (long id : ids.get(":, 1").toLongArray()) {
                    batch.add(clips.get((int) id).toNDArray(ids.getManager()));
                }
                return model.encodeVideo(NDArrays.stack(batch), false);
            }

            @Override
            public Device device() {
                return Device.cpu();
            }
        };
        CaptionTokenizer digits = captions -> {
            long[][] ids = new long[captions.size()][];
            long[][] mask = new long[captions.size()][];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = new long[] {BertTokenizer.CLS_ID, Long.parseLong(captions.get(i)), BertTokenizer.SEP_ID};
                mask[i] = new long[] {1, 1, 1};
            }
            return new TokenBatch(ids, mask);
        };
        RetrievalEvaluator evaluator = RetrievalEvaluator.builder(probe, digits)
                .optVideoBatchSize(3)
                .optTextBatchSize(5)
                .optPrefetch(2)
                .build();
        RetrievalEmbeddings e = evaluator.embed(items);
        float[][] sims = RetrievalEvaluator.similarity(e);
        assertEquals(14, sims.length);
        for (int c = 0; c < sims.length; c++) {
            for (int v = 0; v < 7; v++) {
                if (v == c / 2) {
                    assertEquals(1f, sims[c][v], 1e-5f);
                } else {
                    assertTrue(sims[c][v] < 0.999f, "videos differ: sim " + sims[c][v]);
                }
            }
        }
        RetrievalResult result = evaluator.evaluate(items);
        assertEquals(100, result.report().textToVideo().r1());
        assertEquals(100, result.report().videoToText().r1());
        assertEquals(1, result.report().textToVideo().medianRank());
        // v2t: a video's two identical captions tie; the reference averages tied positions (0 and 1 → 0.5)
        double v2tMean = result.report().videoToText().meanRank();
        assertTrue(v2tMean >= 1 && v2tMean <= 1.5, "v2t mean rank " + v2tMean);
        assertEquals(7, result.videos());
        assertEquals(14, result.captions());
    }

    @Test
    void scoresAreRetrievalMetricsOnTheCosineMatrixOfTheEmbeddings() {
        RetrievalEvaluator evaluator = evaluator().build();
        RetrievalEmbeddings e = evaluator.embed(items());
        float[][] sims = RetrievalEvaluator.similarity(e);
        for (int c = 0; c < sims.length; c++) {
            for (int v = 0; v < sims[c].length; v++) {
                assertEquals(cosine(e.text()[c], e.video()[v]), sims[c][v], 1e-5, "caption " + c + " video " + v);
            }
        }
        RetrievalReport expected = RetrievalMetrics.evaluate(sims);
        RetrievalResult result = evaluator.evaluate(items());
        assertEquals(expected, result.report());
        assertEquals(5, result.videos());
    }

    @Test
    void gradModeIsOffInsideAndRestoredAfterwardsOnAnyThread() throws Exception {
        RetrievalEvaluator evaluator = evaluator().optPrefetch(0).build();
        RetrievalEmbeddings here = evaluator.embed(items().subList(0, 2));
        JniUtils.setGradMode(true);
        try {
            evaluator.embed(items().subList(0, 1));
            assertTrue(JniUtils.isGradMode(), "restored");
        } finally {
            JniUtils.setGradMode(false);
        }
        AtomicReference<RetrievalEmbeddings> there = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                there.set(evaluator.embed(items().subList(0, 2)));
            } catch (Throwable x) {
                failure.set(x);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError("evaluation on a fresh thread failed", failure.get());
        }
        for (int v = 0; v < 2; v++) {
            assertArrayEquals(here.video()[v], there.get().video()[v], 1e-6f);
        }
    }

    @Test
    void zeroShotAdapterMatchesThePretrainingModelsContrastiveTextBranch() {
        Engine.getInstance().setRandomSeed(5);
        SimvtpPretrainModel pretrain =
                SimvtpPretrainModel.builder().setConfig(CONFIG).build();
        try (NDManager m = manager.newSubManager()) {
            pretrain.initialize(m);
            EmbeddingModel zeroShot = EmbeddingModel.zeroShot(pretrain);
            TokenBatch tokens = bert.encodeBatch(
                    List.of(samples.get(0).caption(), samples.get(1).caption()));
            NDArray ids = m.create(tokens.ids());
            NDArray mask = m.create(tokens.attentionMask());
            NDArray video = VIEWS.fromFrames(samples.get(0).frames())
                    .get(0)
                    .toNDArray(m)
                    .expandDims(0)
                    .repeat(0, 2);
            long[][] noLabels = new long[2][tokens.length()];
            for (long[] row : noLabels) {
                Arrays.fill(row, -100);
            }
            PretrainOutput out = pretrain.forward(
                    new PretrainInputs(
                            video,
                            TubeMasking.of(CONFIG).sample(2, 1L),
                            ids,
                            mask,
                            m.create(noLabels),
                            m.create(new long[] {1, 0})),
                    false,
                    new Random(0));
            assertArrayEquals(
                    out.vtcTextFeatures().toFloatArray(),
                    zeroShot.encodeText(ids, mask).toFloatArray(),
                    1e-5f);
            assertArrayEquals(
                    new long[] {2, CONFIG.encoderWidth()},
                    zeroShot.encodeVideo(video).getShape().getShape());

            RetrievalResult result = RetrievalEvaluator.builder(zeroShot, bert::encodeBatch)
                    .optViews(VIEWS)
                    .build()
                    .evaluate(items().subList(0, 3));
            assertEquals(3, result.videos());
        }
    }

    @Test
    void fileBackedVideosGoThroughTheSamePipeline(@TempDir Path dir) {
        SyntheticSample s = samples.get(2);
        Path file = dir.resolve("video2." + VideoCodec.MPEG4.extension());
        SyntheticVideoText.builder().build().writeVideo(s, file, VideoCodec.MPEG4);
        List<ClipTensor> fromFile = VIEWS.read(file);
        List<ClipTensor> fromMemory = VIEWS.fromFrames(s.frames());
        assertEquals(9, fromFile.size());
        double diff = 0;
        for (int i = 0; i < 9; i++) {
            float[] a = fromFile.get(i).data();
            float[] b = fromMemory.get(i).data();
            for (int k = 0; k < a.length; k++) {
                diff += Math.abs(a[k] - b[k]) / a.length / 9;
            }
        }
        assertTrue(diff < 0.15, "lossy codec only: mean |difference| " + diff);
        RetrievalResult result = evaluator()
                .build()
                .evaluate(List.of(
                        RetrievalItem.ofFile("2", file, s.caption()),
                        RetrievalItem.ofFrames(
                                "3", samples.get(3).frames(), samples.get(3).caption())));
        assertEquals(2, result.videos());
    }

    @Test
    void badInputsAreRejectedWithTheVideoId() {
        RetrievalEvaluator evaluator = evaluator().build();
        List<RetrievalItem> dup = List.of(items().get(0), items().get(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> evaluator.embed(dup))
                .getMessage()
                .contains("s0 occurs twice"));
        List<RetrievalItem> uneven = List.of(
                items().get(0), RetrievalItem.ofFrames("x", samples.get(1).frames(), "a", "b"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> evaluator.embed(uneven))
                .getMessage()
                .contains("video x has 2 captions"));
        RetrievalEvaluator noViews = RetrievalEvaluator.builder(EmbeddingModel.of(model), bert::encodeBatch)
                .build();
        assertThrows(IllegalStateException.class, () -> noViews.embed(items().subList(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> evaluator.embed(List.of()));
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / (Math.max(Math.sqrt(na), 1e-8) * Math.max(Math.sqrt(nb), 1e-8));
    }
}
