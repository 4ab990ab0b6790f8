package org.simvtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

class TrainerTest {

    static final SimvtpConfig CONFIG = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(2)
            .optEncoderHeads(2)
            .optDecoderWidth(16)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .optVocabSize(1600)
            .build();

    static TrainerConfig steps(long n) {
        return TrainerConfig.builder()
                .optTotalSteps(n)
                .optWarmupSteps(1)
                .optBaseLr(1e-3)
                .optMinLr(1e-4)
                .optSeed(5)
                .build();
    }

    static Map<String, float[]> weights(SimvtpPretrainModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }

    @Test
    void twoReplicasOnHalfBatchesMatchOneReplicaOnTheWholeBatch() {
        // per-sample losses only (pixel MSE), no dropout: the averaged gradient equals the full-batch gradient
        SimvtpConfig perSample = CONFIG.toBuilder()
                .optTextLossWeight(0)
                .optVtcLossWeight(0)
                .optVtmLossWeight(0)
                .optTextEmbeddingDropout(0)
                .build();
        Map<String, float[]> single;
        Map<String, float[]> pair;
        try (Trainer<SimvtpPretrainModel, PretrainBatch> one =
                Trainer.builder(new PretrainTask(perSample)).optConfig(steps(2)).build()) {
            one.fit(new RandomPretrainBatches(perSample, 4, 1));
            single = weights(one.model());
        }
        try (Trainer<SimvtpPretrainModel, PretrainBatch> two = Trainer.builder(new PretrainTask(perSample))
                .optConfig(steps(2))
                .optDevices(List.of(Device.cpu(), Device.cpu()))
                .build()) {
            two.fit(new RandomPretrainBatches(perSample, 4, 1));
            pair = weights(two.model());
            assertArrayEquals(
                    pair.get("encoder.blocks.0.attn.qkv.weight"),
                    weights(two.replicas().get(1)).get("encoder.blocks.0.attn.qkv.weight"),
                    "replicas identical");
        }
        single.forEach((k, v) -> assertArrayEquals(v, pair.get(k), 2e-6f, k));
    }

    @Test
    void resumingFromACheckpointIsBitIdenticalToTrainingStraight(@TempDir Path dir) {
        Map<String, float[]> straight;
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t =
                Trainer.builder(new PretrainTask(CONFIG)).optConfig(steps(4)).build()) {
            t.fit(new RandomPretrainBatches(CONFIG, 3, 2));
            straight = weights(t.model());
        }
        CheckpointStore store =
                CheckpointStore.builder().setDirectory(dir).optKeepLast(3).build();
        try (Trainer<SimvtpPretrainModel, PretrainBatch> first = Trainer.builder(new PretrainTask(CONFIG))
                .optConfig(steps(4).toBuilder().optCheckpointEvery(2).build())
                .optCheckpointStore(store)
                .build()) {
            first.fit(new StoppingSource(new RandomPretrainBatches(CONFIG, 3, 2), 2));
        } catch (StopHere expected) {
            // simulated crash after the checkpoint at step 2
        }
        Map<String, float[]> resumed;
        try (Trainer<SimvtpPretrainModel, PretrainBatch> second = Trainer.builder(new PretrainTask(CONFIG))
                .optConfig(steps(4).toBuilder().optCheckpointEvery(2).build())
                .optCheckpointStore(store)
                .build()) {
            TrainingSummary s = second.fit(new RandomPretrainBatches(CONFIG, 3, 2));
            assertEquals(2, s.startStep());
            resumed = weights(second.model());
        }
        straight.forEach((k, v) -> assertArrayEquals(v, resumed.get(k), 0f, k));
    }

    @Test
    void aTruncatedCheckpointIsDetectedAndThePreviousOneIsUsed(@TempDir Path dir) throws IOException {
        CheckpointStore store =
                CheckpointStore.builder().setDirectory(dir).optKeepLast(5).build();
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(new PretrainTask(CONFIG))
                .optConfig(steps(2).toBuilder().optCheckpointEvery(1).build())
                .optCheckpointStore(store)
                .build()) {
            t.fit(new RandomPretrainBatches(CONFIG, 2, 3));
        }
        Path newest = store.directoryOf(2).resolve("model.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(new PretrainTask(CONFIG))
                .optConfig(steps(2))
                .optCheckpointStore(store)
                .build()) {
            assertEquals(1L, t.resume().orElseThrow());
        }
        assertTrue(Files.exists(newest));
    }

    @Test
    void nonFiniteLossesAreSkippedThenStopTheRun() {
        TrainingTask<SimvtpPretrainModel, PretrainBatch> poisoned = new TamperedLossTask(
                CONFIG, (call, l) -> new StepLosses(l.total().mul(Float.NaN), l.components()));
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(poisoned)
                .optConfig(steps(10).toBuilder().optMaxConsecutiveNonFinite(3).build())
                .build()) {
            float[] before = weights(t.model()).get("mask_token");
            TrainingDivergedException e =
                    assertThrows(TrainingDivergedException.class, () -> t.fit(new RandomPretrainBatches(CONFIG, 2, 4)));
            assertTrue(e.getMessage().contains("3 consecutive"), e.getMessage());
            assertArrayEquals(before, weights(t.model()).get("mask_token"), 0f, "skipped steps change nothing");
        }
    }

    /** Delivers {@code limit} batches, then throws, like a crash. */
    static final class StoppingSource implements BatchSource<PretrainBatch> {
        private final BatchSource<PretrainBatch> inner;
        private int left;

        StoppingSource(BatchSource<PretrainBatch> inner, int limit) {
            this.inner = inner;
            this.left = limit;
        }

        @Override
        public PretrainBatch next() {
            if (left-- == 0) {
                throw new StopHere();
            }
            return inner.next();
        }

        @Override
        public void seek(long batchesConsumed) {
            inner.seek(batchesConsumed);
        }
    }

    static final class StopHere extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
