package org.simvtp.train.facade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.spi.MediaException;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Reconstruction;
import org.simvtp.models.facade.ReconstructionOptions;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.models.facade.VideoIndex;

/** The facade with simvtp-data on the class path: video files, captions, threads, reconstruction. */
class SimvtpFacadeTest {

    @TempDir
    static Path dir;

    static List<Path> videos;
    static Simvtp simvtp;

    static final String[] CAPTIONS = {
        "a small red circle moves left",
        "a large blue square stays still",
        "a green triangle grows",
        "a yellow circle moves up",
        "a small white square moves down",
        "a purple triangle moves right",
        "a dog runs on the beach",
        "snowballs"
    };

    @BeforeAll
    static void setUp() throws Exception {
        videos = FacadeFixtures.writeVideos(dir.resolve("videos"), "clip", 4, 11);
        simvtp = Simvtp.fromConfig(FacadeFixtures.TINY);
    }

    @AfterAll
    static void tearDown() {
        simvtp.close();
    }

    @Test
    void videoFilesAndCaptionsGiveNormalisedDeterministicEmbeddings() {
        assertTrue(simvtp.hasMediaSupport());
        float[] v = simvtp.encodeVideo(videos.get(0));
        assertEquals(32, v.length);
        assertEquals(1.0, FacadeFixtures.norm(v), 1e-5);
        assertArrayEquals(v, simvtp.encodeVideo(videos.get(0)));
        assertFalse(Arrays.equals(v, simvtp.encodeVideo(videos.get(1))));

        float[] t = simvtp.encodeText(CAPTIONS[0]);
        assertEquals(32, t.length);
        assertEquals(1.0, FacadeFixtures.norm(t), 1e-5);
        assertArrayEquals(t, simvtp.encodeText(CAPTIONS[0]));
        float[][] batch = simvtp.encodeTexts(CAPTIONS[0], CAPTIONS[7]);
        assertEquals(2, batch.length);
        // the longest caption is unpadded in both cases, so its embedding does not depend on the batch
        assertArrayEquals(t, batch[0], 1e-5f);

        float[][] sim = simvtp.similarity(List.of(CAPTIONS[0], CAPTIONS[1], CAPTIONS[2]), videos.subList(0, 2));
        assertEquals(3, sim.length);
        assertEquals(2, sim[0].length);
        assertEquals(
                Simvtp.cosine(
                        simvtp.encodeTexts(CAPTIONS[0], CAPTIONS[1], CAPTIONS[2])[0],
                        simvtp.encodeVideo(videos.get(0))),
                sim[0][0],
                1e-5);
        assertEquals(
                simvtp.similarity(CAPTIONS[3], videos.get(3)),
                Simvtp.cosine(simvtp.encodeText(CAPTIONS[3]), simvtp.encodeVideo(videos.get(3))),
                1e-6);
    }

    @Test
    void videoFilesAreEmbeddedInBatchesEqualToOneByOne() throws Exception {
        // views of 3 files per forward with 1 x 1 views and batches of 3; the 4th file runs alone
        try (Simvtp batched = Simvtp.fromConfig(
                FacadeFixtures.TINY,
                ModelKind.PRETRAINING,
                SimvtpOptions.builder().optMaxBatch(3).build())) {
            Path weights = dir.resolve("batched.safetensors");
            batched.save(weights);
            float[][] rows = batched.encodeVideos(videos);
            assertEquals(videos.size(), rows.length);
            for (int i = 0; i < videos.size(); i++) {
                assertArrayEquals(batched.encodeVideo(videos.get(i)), rows[i], 1e-5f, "video " + i);
            }
            // two views per file: a forward holds one file's views (4 / 2 = 2 files per forward)
            try (Simvtp twoViews = Simvtp.load(
                    weights,
                    null,
                    SimvtpOptions.builder().optViews(2, 1).optMaxBatch(4).build())) {
                float[][] pairs = twoViews.encodeVideos(videos.subList(0, 3));
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(twoViews.encodeVideo(videos.get(i)), pairs[i], 1e-5f, "video " + i);
                }
            }
        }
    }

    @Test
    void referenceViewsAverageNineViews() throws Exception {
        Path weights = dir.resolve("weights.safetensors");
        simvtp.save(weights);
        try (Simvtp reference = Simvtp.load(weights, null, SimvtpOptions.reference())) {
            assertEquals(ModelKind.PRETRAINING, reference.kind());
            float[] nine = reference.encodeVideo(videos.get(2));
            assertEquals(32, nine.length);
            for (float x : nine) {
                assertTrue(Float.isFinite(x));
            }
            float[] one = simvtp.encodeVideo(videos.get(2));
            assertNotEquals(1.0, Simvtp.cosine(nine, one), 1e-7);
        }
    }

    @Test
    void undecodableFilesThrowATypedErrorNamingTheFile() throws Exception {
        Path bad = FacadeFixtures.writeCorrupt(dir.resolve("bad/broken.mp4"));
        MediaException e = assertThrows(MediaException.class, () -> simvtp.encodeVideo(bad));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().contains("broken.mp4"), e.getMessage());
    }

    @Test
    void eightThreadsGiveTheSerialResultsWithoutLeakingNativeMemory() throws Exception {
        VideoIndex index = VideoIndex.build(simvtp, dir.resolve("videos"), dir.resolve("threads-index"));
        float[][] serialText = new float[CAPTIONS.length][];
        float[][] serialVideo = new float[videos.size()][];
        List<List<SearchHit>> serialHits = new ArrayList<>();
        for (int i = 0; i < CAPTIONS.length; i++) {
            serialText[i] = simvtp.encodeText(CAPTIONS[i]);
            serialHits.add(index.search(CAPTIONS[i], 3));
        }
        for (int i = 0; i < videos.size(); i++) {
            serialVideo[i] = simvtp.encodeVideo(videos.get(i));
        }
        long arraysBefore = NativeMemory.liveArrays();
        long javacppBefore = Pointer.totalBytes();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int id = thread;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        int c = (id + round) % CAPTIONS.length;
                        int v = (id + round) % videos.size();
                        assertArrayEquals(serialText[c], simvtp.encodeText(CAPTIONS[c]));
                        assertArrayEquals(serialVideo[v], simvtp.encodeVideo(videos.get(v)));
                        assertEquals(serialHits.get(c), index.search(CAPTIONS[c], 3));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(arraysBefore, NativeMemory.liveArrays(), "NDArrays left behind by 96 concurrent calls");
        assertTrue(
                Pointer.totalBytes() - javacppBefore < 1 << 20,
                "FFmpeg/JavaCPP native bytes grew by " + (Pointer.totalBytes() - javacppBefore));
    }

    @Test
    void reconstructionDrawsTheGridAndPredictsTheMaskedWords() throws Exception {
        ReconstructionOptions options =
                ReconstructionOptions.builder().optSeed(3).optNativeSize().build();
        Reconstruction r = simvtp.reconstruct(videos.get(0), CAPTIONS[0], options);
        Path png = dir.resolve("out/reconstruction.png");
        r.writePng(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a readable PNG");
        assertEquals(4 * 32, image.getWidth());
        assertEquals(3 * 32, image.getHeight());

        assertEquals(CAPTIONS[0], r.caption());
        String[] masked = r.maskedCaption().split(" ");
        String[] predicted = r.predictedCaption().split(" ");
        assertEquals("[CLS]", masked[0]);
        assertEquals("[SEP]", predicted[predicted.length - 1]);
        assertEquals(masked.length, predicted.length);
        assertTrue(r.maskedTextTokens() > 0, "p = 0.75 over 6 words");
        assertEquals(
                r.maskedTextTokens(),
                Arrays.stream(masked).filter("[mask]"::equals).count());
        for (int i = 0; i < masked.length; i++) {
            if (!masked[i].equals("[mask]")) {
                assertEquals(masked[i], predicted[i], "unmasked tokens are kept");
            }
        }
        assertTrue(r.summary().contains(r.maskedCaption()) && r.summary().contains(r.predictedCaption()));

        // visible patches are the input, masked patches black in the middle row and predicted in the last
        int maskedCount = r.videoMask().countMasked(0);
        assertEquals((int) Math.floor(0.9 * 4) * 2, maskedCount);
        int token = firstIndex(r.videoMask(), false);
        int hidden = firstIndex(r.videoMask(), true);
        float[] original = r.original();
        float[] visibleOnly = r.masked();
        float[] rec = r.reconstructed();
        int visiblePixel = pixelOf(token);
        int hiddenPixel = pixelOf(hidden);
        assertEquals(original[visiblePixel], rec[visiblePixel]);
        assertEquals(original[visiblePixel], visibleOnly[visiblePixel]);
        assertEquals(0f, visibleOnly[hiddenPixel]);

        Reconstruction again = simvtp.reconstruct(videos.get(0), CAPTIONS[0], options);
        assertEquals(r.predictedCaption(), again.predictedCaption());
        assertArrayEquals(rec, again.reconstructed());
        Reconstruction raw = simvtp.reconstruct(
                videos.get(0),
                CAPTIONS[0],
                ReconstructionOptions.builder()
                        .optSeed(3)
                        .optDisplay(ReconstructionOptions.Display.NORMALISED_PREDICTION)
                        .build());
        assertEquals(rec[visiblePixel], raw.reconstructed()[visiblePixel]);
        assertNotEquals(rec[hiddenPixel], raw.reconstructed()[hiddenPixel]);
    }

    @Test
    void twoTowerModelsCannotReconstruct() {
        try (Simvtp twoTower = Simvtp.fromConfig(FacadeFixtures.TINY, ModelKind.TWO_TOWER, SimvtpOptions.defaults())) {
            assertEquals(32, twoTower.encodeVideo(videos.get(1)).length);
            assertThrows(IllegalStateException.class, () -> twoTower.reconstruct(videos.get(1), "a cat"));
        }
    }

    /** First token index (t', h', w' order) that is masked or visible. */
    private static int firstIndex(org.simvtp.core.masking.VideoMask mask, boolean masked) {
        for (int n = 0; n < mask.numTokens(); n++) {
            if (mask.isMasked(0, n) == masked) {
                return n;
            }
        }
        throw new AssertionError("no token with masked=" + masked);
    }

    /** Index into [3, T, H, W] of the top-left pixel, channel 0, of token n (grid 2 × 2 × 2, patch 16). */
    private static int pixelOf(int token) {
        int t = token / 4;
        int h = (token % 4) / 2;
        int w = token % 2;
        return ((t * 2) * 32 + h * 16) * 32 + w * 16;
    }
}
