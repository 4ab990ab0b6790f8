package org.simvtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.nn.Layers;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.finetune.RetrievalBatch;
import org.simvtp.train.finetune.RetrievalTask;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

/**
 * FP16 training with dynamic loss scaling, on the CPU (PyTorch 2.7 runs the whole model in float16 on the CPU,
 * slowly; the logic is what is tested here).
 */
class MixedPrecisionTrainerTest {

    static final SimvtpConfig CONFIG = TrainerTest.CONFIG;

    /** Steps 1-based whose loss is multiplied by 1e10: finite in float32, overflowing float16 gradients. */
    static TrainingTask<SimvtpPretrainModel, PretrainBatch> overflowingAt(Set<Long> steps) {
        return new TamperedLossTask(
                CONFIG,
                (call, l) -> steps.contains(call)
                        ? new StepLosses(l.total().mul(Layers.scalar(l.total(), 1e10)), l.components())
                        : l);
    }

    /** Records, per step, whether it was skipped, the loss scale after it and the mask token after it. */
    static final class Recorder implements TrainingListener {
        final AtomicReference<Trainer<SimvtpPretrainModel, PretrainBatch>> trainer = new AtomicReference<>();
        final List<StepRecord> records = new ArrayList<>();
        final List<Double> scales = new ArrayList<>();
        final List<float[]> weights = new ArrayList<>();

        @Override
        public void onStep(StepRecord record) {
            records.add(record);
            scales.add(trainer.get().lossScale());
            weights.add(trainer.get()
                    .model()
                    .namedParameters()
                    .get("encoder.blocks.0.attn.qkv.weight")
                    .getArray()
                    .toFloatArray());
        }
    }

    @Test
    void anOverflowSkipsTheStepHalvesTheScaleAndTrainingGoesOnThenTheScaleGrows() {
        Recorder rec = new Recorder();
        LossScaling scaling = LossScaling.builder().optGrowthInterval(2).build();
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(overflowingAt(Set.of(2L)))
                .optConfig(TrainerTest.steps(4).toBuilder()
                        .optMaxConsecutiveNonFinite(1)
                        .build())
                .optPrecision(Precision.FP16)
                .optLossScaling(scaling)
                .addListener(rec)
                .build()) {
            rec.trainer.set(t);
            assertEquals(128, t.lossScale());
            TrainingSummary s = t.fit(new RandomPretrainBatches(CONFIG, 2, 1));
            assertEquals(
                    List.of(false, true, false, false),
                    rec.records.stream().map(StepRecord::skipped).toList());
            // 1: finite (1 good step); 2: overflow, halved; 3, 4: two good steps -> doubled
            assertEquals(List.of(128.0, 64.0, 64.0, 128.0), rec.scales);
            assertEquals(1, s.skippedSteps());
            assertArrayEquals(rec.weights.get(0), rec.weights.get(1), 0f, "the overflow step changes nothing");
            assertFalse(java.util.Arrays.equals(rec.weights.get(1), rec.weights.get(2)), "step 3 trained");
            assertFalse(java.util.Arrays.equals(rec.weights.get(2), rec.weights.get(3)), "step 4 trained");
            rec.records.forEach(r -> assertTrue(Double.isFinite(r.losses().get("loss")), r.toString()));
            assertTrue(Double.isFinite(rec.records.get(0).gradientNorm()));
            t.model()
                    .namedParameters()
                    .values()
                    .forEach(p -> assertEquals(DataType.FLOAT32, p.getArray().getDataType()));
        }
    }

    @Test
    void theScaleAtItsMinimumCountsOverflowsAsDivergence() {
        LossScaling floor =
                LossScaling.builder().optInitialScale(4).optMinScale(2).build();
        Set<Long> always = new java.util.HashSet<>();
        for (long i = 1; i <= 20; i++) {
            always.add(i);
        }
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(overflowingAt(always))
                .optConfig(TrainerTest.steps(20).toBuilder()
                        .optMaxConsecutiveNonFinite(2)
                        .build())
                .optPrecision(Precision.FP16)
                .optLossScaling(floor)
                .build()) {
            TrainingDivergedException e =
                    assertThrows(TrainingDivergedException.class, () -> t.fit(new RandomPretrainBatches(CONFIG, 2, 1)));
            assertTrue(e.getMessage().contains("2 consecutive"), e.getMessage());
            assertEquals(2, t.step(), "4 -> 2 (not counted), then the second overflow at the minimum stops");
            assertEquals(2, t.lossScale());
        }
    }

    @Test
    void theScalerStateIsCheckpointedAndResumingIsBitIdentical(@TempDir Path dir) throws IOException {
        LossScaling scaling = LossScaling.builder().optGrowthInterval(2).build();
        TrainerConfig config =
                TrainerTest.steps(3).toBuilder().optCheckpointEvery(2).build();
        Map<String, float[]> straight;
        double straightScale;
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(overflowingAt(Set.of(1L)))
                .optConfig(config)
                .optPrecision(Precision.FP16)
                .optLossScaling(scaling)
                .build()) {
            t.fit(new RandomPretrainBatches(CONFIG, 2, 2));
            straight = TrainerTest.weights(t.model());
            straightScale = t.lossScale();
        }
        assertEquals(64 * 2, straightScale, "1 overflow, then 2 good steps with window 2");
        CheckpointStore store =
                CheckpointStore.builder().setDirectory(dir).optKeepLast(3).build();
        try (Trainer<SimvtpPretrainModel, PretrainBatch> first = Trainer.builder(overflowingAt(Set.of(1L)))
                .optConfig(config)
                .optCheckpointStore(store)
                .optPrecision(Precision.FP16)
                .optLossScaling(scaling)
                .build()) {
            first.fit(new TrainerTest.StoppingSource(new RandomPretrainBatches(CONFIG, 2, 2), 2));
        } catch (TrainerTest.StopHere expected) {
            // crash after the checkpoint at step 2
        }
        JsonObject saved = JsonParser.parseString(
                        Files.readString(store.directoryOf(2).resolve("trainer.json")))
                .getAsJsonObject();
        assertEquals("FP16", saved.get("precision").getAsString());
        JsonObject scaler = saved.getAsJsonObject("lossScaler");
        assertEquals(64.0, scaler.get("scale").getAsDouble());
        assertEquals(1, scaler.get("goodSteps").getAsLong());
        assertEquals(1, scaler.get("skippedSteps").getAsLong());
        try (Trainer<SimvtpPretrainModel, PretrainBatch> second = Trainer.builder(overflowingAt(Set.of()))
                .optConfig(config)
                .optCheckpointStore(store)
                .optPrecision(Precision.FP16)
                .optLossScaling(scaling)
                .build()) {
            assertEquals(2L, second.resume().orElseThrow());
            assertEquals(64.0, second.lossScale());
            second.fit(new RandomPretrainBatches(CONFIG, 2, 2));
            assertEquals(straightScale, second.lossScale());
            Map<String, float[]> resumed = TrainerTest.weights(second.model());
            straight.forEach((k, v) -> assertArrayEquals(v, resumed.get(k), 0f, k));
        }
    }

    @Test
    void retrievalFineTuningTrainsInFloat16() {
        SimvtpConfig config = CONFIG.toBuilder().optTextEmbeddingDropout(0).build();
        int b = 2;
        long[] shape = {b, 3, config.numFrames(), config.imageSize(), config.imageSize()};
        float[] video = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3] * shape[4])];
        Random r = new Random(3);
        for (int i = 0; i < video.length; i++) {
            video[i] = (float) r.nextGaussian();
        }
        RetrievalBatch batch =
                new RetrievalBatch(video, shape, new long[][] {{101, 7, 9, 102}, {101, 11, 102, 0}}, new long[][] {
                    {1, 1, 1, 1}, {1, 1, 1, 0}
                });
        try (Trainer<DualEncoder, RetrievalBatch> t = Trainer.builder(new RetrievalTask(config))
                .optConfig(TrainerTest.steps(2))
                .optPrecision(Precision.FP16)
                .build()) {
            float[] before = t.model()
                    .namedParameters()
                    .get("text_encoder.blocks.0.mlp.fc1.weight")
                    .getArray()
                    .toFloatArray();
            TrainingSummary s = t.fit(new BatchSource<>() {
                @Override
                public RetrievalBatch next() {
                    return batch;
                }

                @Override
                public void seek(long batchesConsumed) {}
            });
            assertEquals(0, s.skippedSteps());
            assertTrue(Double.isFinite(s.lastLosses().get("loss")));
            assertFalse(java.util.Arrays.equals(
                    before,
                    t.model()
                            .namedParameters()
                            .get("text_encoder.blocks.0.mlp.fc1.weight")
                            .getArray()
                            .toFloatArray()));
        }
    }

    @Test
    void bf16IsRefusedWithTheReason() {
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> Trainer.builder(new PretrainTask(CONFIG))
                        .optPrecision(Precision.BF16));
        assertTrue(e.getMessage().contains("aborts the JVM"), e.getMessage());
        assertEquals(DataType.FLOAT16, Precision.FP16.computeType());
        assertTrue(Precision.FP16.scalesLoss());
        assertFalse(Precision.FP32.scalesLoss());
    }

    @Test
    void lossScalingValidatesItsSettings() {
        assertEquals(128, LossScaling.reference().initialScale());
        assertEquals(128, LossScaling.reference().growthInterval());
        assertThrows(
                IllegalArgumentException.class,
                () -> LossScaling.builder().optInitialScale(0.5).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> LossScaling.builder().optGrowthInterval(0).build());
    }
}
