package org.simvtp.examples.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.metric.Metrics;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.zoo.SimvtpBlock;
import org.simvtp.models.zoo.SimvtpBlockFactory;
import org.simvtp.models.zoo.SimvtpCriteria;
import org.simvtp.models.zoo.SimvtpTranslatorFactory;

/** A SimVTP checkpoint loaded through DJL's Criteria gives the same vectors as the {@link Simvtp} facade. */
class SimvtpZooTest {

    private static final float TOLERANCE = 1e-5f;
    private static final List<String> CAPTIONS =
            List.of("a small red circle moves left", "a dog", "a blue square grows slowly in the middle");

    @TempDir
    static Path dir;

    private static Path checkpoint;
    private static List<Path> videos;
    private static Simvtp reference;

    @BeforeAll
    static void writeModelAndClips() throws IOException {
        checkpoint = TestData.randomCheckpoint(dir.resolve("tiny.safetensors"));
        Path folder = TestData.syntheticDataset(dir.resolve("videos"), 3).getParent();
        try (Stream<Path> files = Files.walk(folder)) {
            videos = files.filter(f -> f.toString().endsWith(".mp4")).sorted().toList();
        }
        reference = Simvtp.load(checkpoint);
    }

    @AfterAll
    static void closeReference() {
        reference.close();
    }

    @Test
    void videoPredictorMatchesEncodeVideoOneByOneAndBatched() throws Exception {
        try (ZooModel<Path, float[]> model =
                        SimvtpCriteria.builder(Path.class, checkpoint).build().loadModel();
                Predictor<Path, float[]> predictor = model.newPredictor()) {
            assertInstanceOf(SimvtpBlock.class, model.getBlock());
            assertArrayEquals(reference.encodeVideo(videos.get(0)), predictor.predict(videos.get(0)), TOLERANCE);
            Metrics metrics = new Metrics();
            predictor.setMetrics(metrics);
            List<float[]> batch = predictor.batchPredict(videos);
            assertEquals(1, metrics.getMetric("Inference").size(), "one forward pass for the batch");
            assertEquals(videos.size(), batch.size());
            for (int i = 0; i < videos.size(); i++) {
                assertArrayEquals(reference.encodeVideo(videos.get(i)), batch.get(i), TOLERANCE, "video " + i);
            }
        }
    }

    @Test
    void captionPredictorPadsABatchLikeEncodeTexts() throws Exception {
        Criteria<String, float[]> criteria = Criteria.builder()
                .setTypes(String.class, float[].class)
                .optModelPath(checkpoint)
                .optArgument("blockFactory", new SimvtpBlockFactory())
                .optOption("hasParameter", "false")
                .optTranslatorFactory(new SimvtpTranslatorFactory())
                .build();
        try (ZooModel<String, float[]> model = criteria.loadModel();
                Predictor<String, float[]> predictor = model.newPredictor()) {
            assertArrayEquals(reference.encodeText(CAPTIONS.get(1)), predictor.predict(CAPTIONS.get(1)), TOLERANCE);
            float[][] expected = reference.encodeTexts(CAPTIONS);
            Metrics metrics = new Metrics();
            predictor.setMetrics(metrics);
            List<float[]> batch = predictor.batchPredict(CAPTIONS);
            assertEquals(1, metrics.getMetric("Inference").size(), "one forward pass for the batch");
            for (int i = 0; i < CAPTIONS.size(); i++) {
                assertArrayEquals(expected[i], batch.get(i), TOLERANCE, CAPTIONS.get(i));
            }
        }
    }

    @Test
    void modelFolderWithServingPropertiesNeedsOnlyTheTranslatorFactory() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("model-folder"));
        Files.copy(checkpoint, folder.resolve("weights.safetensors"));
        Files.writeString(
                folder.resolve("serving.properties"),
                "blockFactory=" + SimvtpBlockFactory.class.getName() + "\n" + "option.hasParameter=false\n");
        Criteria<String, float[]> criteria = Criteria.builder()
                .setTypes(String.class, float[].class)
                .optModelPath(folder)
                .optTranslatorFactory(new SimvtpTranslatorFactory())
                .build();
        try (ZooModel<String, float[]> model = criteria.loadModel();
                Predictor<String, float[]> predictor = model.newPredictor()) {
            assertArrayEquals(reference.encodeText(CAPTIONS.get(0)), predictor.predict(CAPTIONS.get(0)), TOLERANCE);
        }
    }

    @Test
    void closingTheZooModelClosesTheCheckpoint() throws Exception {
        Simvtp inner;
        try (ZooModel<String, float[]> model =
                SimvtpCriteria.builder(String.class, checkpoint).build().loadModel()) {
            inner = ((SimvtpBlock) model.getBlock()).simvtp();
            assertEquals(reference.modelId(), inner.modelId());
        }
        assertThrows(IllegalStateException.class, () -> inner.encodeText("a dog"));
    }

    @Test
    void aFolderWithTwoCheckpointsNeedsTheCheckpointArgument() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("two"));
        Files.copy(checkpoint, folder.resolve("a.safetensors"));
        Files.copy(checkpoint, folder.resolve("b.safetensors"));
        Exception e = assertThrows(
                Exception.class,
                () -> SimvtpCriteria.builder(String.class, folder).build().loadModel());
        assertTrue(
                e.getMessage().contains("cannot tell which SimVTP checkpoint")
                        && e.getMessage().contains("two"),
                e.getMessage());
        try (ZooModel<String, float[]> model = SimvtpCriteria.builder(String.class, folder)
                .optArgument(SimvtpBlockFactory.CHECKPOINT_ARGUMENT, "b.safetensors")
                .build()
                .loadModel()) {
            assertInstanceOf(SimvtpBlock.class, model.getBlock());
        }
    }
}
