package org.simvtp.train.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.BatchSource;
import org.simvtp.train.StepRecord;
import org.simvtp.train.Trainer;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.TrainingSummary;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

/** All observers attached to a real (tiny) pre-training run. */
class ObservedTrainingTest {

    static final SimvtpConfig CONFIG = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(1)
            .optEncoderHeads(2)
            .optDecoderWidth(16)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .optVocabSize(1200)
            .build();

    /** The same small batch every step: two clips, captions {@code [CLS] w w [MASK] [SEP] [PAD]}. */
    static BatchSource<PretrainBatch> batches() {
        Random r = new Random(1);
        long[] shape = {2, 3, CONFIG.numFrames(), CONFIG.imageSize(), CONFIG.imageSize()};
        float[] video = new float[2 * 3 * CONFIG.numFrames() * CONFIG.imageSize() * CONFIG.imageSize()];
        for (int i = 0; i < video.length; i++) {
            video[i] = (float) r.nextGaussian();
        }
        long[][] ids = {{101, 1000, 1001, 103, 102, 0}, {101, 1010, 1011, 103, 102, 0}};
        long[][] mask = {{1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 1, 0}};
        long[][] labels = {{-100, -100, -100, 1002, -100, -100}, {-100, -100, -100, 1012, -100, -100}};
        PretrainBatch batch =
                new PretrainBatch(video, shape, TubeMasking.of(CONFIG).sample(2, 3L), ids, mask, labels);
        return new BatchSource<>() {
            @Override
            public PretrainBatch next() {
                return batch;
            }

            @Override
            public void seek(long batchesConsumed) {
                // every batch is the same
            }
        };
    }

    @Test
    void progressMetricsPlotAndManifestFromOneRun(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        TrainerConfig trainerConfig = TrainerConfig.builder()
                .optTotalSteps(3)
                .optWarmupSteps(1)
                .optBaseLr(1e-3)
                .optMinLr(1e-4)
                .optSeed(2)
                .build();
        CheckpointStore store =
                CheckpointStore.builder().setDirectory(dir.resolve("ckpt")).build();
        RunManifest manifest = RunManifest.builder()
                .optModelConfig(CONFIG)
                .optTrainerConfig(trainerConfig)
                .optData("one fixed random batch")
                .build();
        TrainingSummary summary;
        try (JsonlMetricsWriter metrics = JsonlMetricsWriter.inDirectory(dir);
                Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(new PretrainTask(CONFIG))
                        .optConfig(trainerConfig)
                        .optCheckpointStore(store)
                        .addListener(manifest.listener(store.directory()))
                        .addListener(ProgressBar.builder(new PrintStream(progress, true, StandardCharsets.UTF_8))
                                .optInteractive(false)
                                .optEverySteps(1)
                                .build())
                        .addListener(metrics)
                        .addListener(
                                LossPlot.builder().optSmoothing(0.5).build().listener(dir.resolve("loss.png")))
                        .build()) {
            summary = trainer.fit(batches());
        }
        String text = progress.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("step 1/3 ") && text.contains("step 3/3 100%"), text);
        assertTrue(text.contains("| v ") && text.contains(" vtc ") && text.contains(" vtm "), text);
        assertTrue(text.contains("checkpoint at step 3"), text);
        assertTrue(text.strip().endsWith(ProgressBar.losses(summary.lastLosses())), text);

        List<StepRecord> records = JsonlMetricsWriter.read(dir.resolve(JsonlMetricsWriter.FILE_NAME));
        assertEquals(summary.history(), records);
        assertEquals(1000, ImageIO.read(dir.resolve("loss.png").toFile()).getWidth());
        String json = Files.readString(store.directory().resolve(RunManifest.FILE_NAME));
        assertTrue(json.contains("\"totalSteps\": 3") && json.contains("one fixed random batch"), json);
    }
}
