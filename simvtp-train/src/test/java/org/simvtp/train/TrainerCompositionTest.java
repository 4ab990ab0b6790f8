package org.simvtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.optim.Optimizer;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

/** The injected optimizer and schedule, the step context tasks see, and the builder's validation. */
class TrainerCompositionTest {

    static final SimvtpConfig CONFIG = TrainerTest.CONFIG;

    @Test
    void theInjectedScheduleDrivesTheLearningRate() {
        List<Long> asked = Collections.synchronizedList(new ArrayList<>());
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(new PretrainTask(CONFIG))
                .optConfig(TrainerTest.steps(3).toBuilder().optWeightDecay(0).build())
                .optSchedule(step -> {
                    asked.add(step);
                    return 0.0;
                })
                .build()) {
            Map<String, float[]> before = TrainerTest.weights(t.model());
            TrainingSummary s = t.fit(new RandomPretrainBatches(CONFIG, 2, 1));
            assertEquals(List.of(0L, 1L, 2L), asked);
            s.history().forEach(r -> assertEquals(0.0, r.learningRate(), r.toString()));
            Map<String, float[]> after = TrainerTest.weights(t.model());
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), 0f, "lr 0 leaves " + k + " unchanged"));
        }
    }

    @Test
    void theInjectedOptimizerIsBuiltOverReplicaZeroAndUsed() {
        TrainerConfig config = TrainerTest.steps(2);
        AtomicInteger updates = new AtomicInteger();
        AtomicReference<Map<String, NDArray>> seen = new AtomicReference<>();
        AtomicReference<Optimizer> created = new AtomicReference<>();
        Map<String, float[]> viaFactory;
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(new PretrainTask(CONFIG))
                .optConfig(config)
                .optOptimizer((parameters, manager) -> {
                    seen.set(parameters.weights());
                    Optimizer inner = config.adamW(0).create(parameters, manager);
                    created.set(new Optimizer() {
                        @Override
                        public void update(double lr, double weightDecay) {
                            updates.incrementAndGet();
                            inner.update(lr, weightDecay);
                        }

                        @Override
                        public Map<String, NDArray> stateDict() {
                            return inner.stateDict();
                        }

                        @Override
                        public void loadStateDict(Map<String, NDArray> state) {
                            inner.loadStateDict(state);
                        }

                        @Override
                        public void close() {
                            inner.close();
                        }
                    });
                    return created.get();
                })
                .build()) {
            assertSame(created.get(), t.optimizer());
            assertEquals(t.model().namedParameters().keySet(), seen.get().keySet());
            assertSame(
                    t.model().namedParameters().get("mask_token").getArray(),
                    seen.get().get("mask_token"));
            t.fit(new RandomPretrainBatches(CONFIG, 2, 1));
            assertEquals(2, updates.get());
            viaFactory = TrainerTest.weights(t.model());
        }
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t =
                Trainer.builder(new PretrainTask(CONFIG)).optConfig(config).build()) {
            t.fit(new RandomPretrainBatches(CONFIG, 2, 1));
            Map<String, float[]> byDefault = TrainerTest.weights(t.model());
            viaFactory.forEach((k, v) -> assertArrayEquals(v, byDefault.get(k), 0f, "same as default: " + k));
        }
    }

    @Test
    void tasksSeeTheStepAndReplicaInTheirContext() {
        List<StepContext> contexts = Collections.synchronizedList(new ArrayList<>());
        PretrainTask inner = new PretrainTask(CONFIG);
        TrainingTask<SimvtpPretrainModel, PretrainBatch> task = new TrainingTask<>() {
            @Override
            public SimvtpPretrainModel newModel() {
                return inner.newModel();
            }

            @Override
            public List<PretrainBatch> split(PretrainBatch batch, int parts) {
                return inner.split(batch, parts);
            }

            @Override
            public int size(PretrainBatch batch) {
                return inner.size(batch);
            }

            @Override
            public StepLosses losses(SimvtpPretrainModel model, PretrainBatch shard, StepContext context) {
                contexts.add(context);
                return inner.losses(model, shard, context);
            }
        };
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(task)
                .optConfig(
                        TrainerTest.steps(2).toBuilder().optAccumulationSteps(2).build())
                .optDevices(List.of(Device.cpu(), Device.cpu()))
                .build()) {
            t.fit(new RandomPretrainBatches(CONFIG, 4, 1));
        }
        assertEquals(8, contexts.size(), "2 steps x 2 micro-batches x 2 replicas");
        for (StepContext c : contexts) {
            assertTrue(c.training());
            assertEquals(2, c.replicaCount());
            assertTrue(c.processGroup().isEmpty());
        }
        assertEquals(
                List.of(0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L),
                contexts.stream().map(StepContext::step).toList());
        assertEquals(4, contexts.stream().filter(c -> c.replica() == 1).count());
    }

    @Test
    void theBuilderNamesWhatIsWrong() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder(new PretrainTask(CONFIG))
                        .optDevices(List.of())
                        .build());
        assertTrue(e.getMessage().contains("optDevices"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(new PretrainTask(CONFIG))
                .optEncoderDepth(-1)
                .build());
        assertTrue(e.getMessage().contains("optEncoderDepth"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder(new PretrainTask(CONFIG)).optConfig(null).build());
        assertTrue(e.getMessage().contains("optConfig"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(new PretrainTask(CONFIG))
                .optMaxDuration(java.time.Duration.ZERO)
                .build());
        assertTrue(e.getMessage().contains("optMaxDuration"), e.getMessage());
        try (NDManager manager = NDManager.newBaseManager()) {
            StepContext c = StepContext.of(manager, new Random(1), false);
            assertFalse(c.processGroup().isPresent() || c.training());
            assertEquals(0, c.step());
            assertThrows(
                    IllegalArgumentException.class, () -> new StepContext(manager, new Random(1), true, 0, 2, 2, null));
        }
    }
}
