package org.simvtp.train.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineWithWarmupTest {

    @Test
    void tinyScheduleMatchesHandComputedValues() {
        CosineWithWarmup s = CosineWithWarmup.builder()
                .setBaseValue(1.0)
                .optFinalValue(0.1)
                .setEpochs(2)
                .setItersPerEpoch(5)
                .optWarmupEpochs(1)
                .build();
        // warm-up: linspace(0, 1, 5) includes both ends; cosine: 0.1 + 0.45 (1 + cos(pi i / 5)), i = 0..4
        double[] expected = {
            0.0,
            0.25,
            0.5,
            0.75,
            1.0,
            1.0,
            0.9140576474687264,
            0.6890576474687264,
            0.41094235253127365,
            0.18594235253127365
        };
        assertArrayEquals(expected, s.toArray(), 1e-15);
        assertEquals(10, s.totalIterations());
        assertEquals(5, s.warmupIterations());
    }

    @Test
    void warmupStartIsConfigurable() {
        CosineWithWarmup s = CosineWithWarmup.builder()
                .setBaseValue(1.0)
                .optWarmupStartValue(0.2)
                .setEpochs(4)
                .setItersPerEpoch(1)
                .optWarmupSteps(3)
                .build();
        assertArrayEquals(new double[] {0.2, 0.6, 1.0, 1.0}, s.toArray(), 1e-15);
        CosineWithWarmup one = CosineWithWarmup.builder()
                .setBaseValue(1.0)
                .optWarmupStartValue(0.3)
                .setEpochs(3)
                .setItersPerEpoch(1)
                .optWarmupSteps(1)
                .build();
        assertEquals(0.3, one.valueAt(0), "linspace with one point yields the start value");
        assertEquals(1.0, one.valueAt(1));
    }

    @Test
    void referencePretrainingScheduleAtChosenSteps() {
        double base = LrScaling.scaleForBatch(1.5e-4, 1024);
        double min = LrScaling.scaleForBatch(1e-5, 1024);
        long iters = 2441;
        CosineWithWarmup s = CosineWithWarmup.builder()
                .setBaseValue(base)
                .optFinalValue(min)
                .setEpochs(200)
                .setItersPerEpoch(iters)
                .optWarmupEpochs(40)
                .build();
        long w = 40 * iters;
        long n = 200 * iters;
        assertEquals(0.0, s.valueAt(0));
        assertEquals(base / (w - 1), s.valueAt(1), 0.0, "numpy linspace step, exactly");
        assertEquals(1000 * (base / (w - 1)), s.valueAt(1000), 0.0);
        assertEquals(base, s.valueAt(w - 1), 0.0, "linspace ends on the base value");
        assertEquals(base, s.valueAt(w), 0.0, "cosine starts on the base value");
        assertEquals(min + 0.5 * (base - min), s.valueAt(w + (n - w) / 2), 1e-15);
        double last = min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * (n - w - 1) / (n - w)));
        assertEquals(last, s.valueAt(n - 1), 0.0);
        assertTrue(s.valueAt(n - 1) > min);
        assertThrows(IllegalArgumentException.class, () -> s.valueAt(n));
        assertThrows(IllegalArgumentException.class, () -> s.valueAt(-1));
    }

    @Test
    void fineTuningScalingAndWeightDecaySchedules() {
        assertEquals(7.5e-5, LrScaling.scaleForBatch(3e-4, 64), 1e-20);
        assertEquals(2.5e-7, LrScaling.scaleForBatch(1e-6, 64), 1e-22);
        assertEquals(6e-4, LrScaling.scaleForBatch(1.5e-4, 1024), 1e-19);
        assertThrows(IllegalArgumentException.class, () -> LrScaling.scaleForBatch(1e-4, 0));
        assertEquals(0.05, new ConstantSchedule(0.05).valueAt(123456));
        // the reference builds wd with the same cosine_scheduler and no warm-up
        CosineWithWarmup wd = CosineWithWarmup.builder()
                .setBaseValue(0.04)
                .optFinalValue(0.4)
                .setEpochs(1)
                .setItersPerEpoch(4)
                .build();
        // final + 0.5 (base - final)(1 + cos) = 0.4 - 0.18 (1 + cos(pi i / 4))
        assertArrayEquals(
                new double[] {
                    0.04, 0.4 - 0.18 * (1 + Math.cos(Math.PI / 4)), 0.22, 0.4 - 0.18 * (1 + Math.cos(3 * Math.PI / 4))
                },
                wd.toArray(),
                1e-15);
        CosineWithWarmup constant = CosineWithWarmup.builder()
                .setBaseValue(0.05)
                .optFinalValue(0.05)
                .setEpochs(3)
                .setItersPerEpoch(7)
                .build();
        for (double v : constant.toArray()) {
            assertEquals(0.05, v, 0.0);
        }
    }

    @Test
    void rejectsInvalidConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> CosineWithWarmup.builder()
                .setEpochs(1)
                .setItersPerEpoch(1)
                .build());
        assertThrows(IllegalArgumentException.class, () -> CosineWithWarmup.builder()
                .setBaseValue(1)
                .setEpochs(2)
                .setItersPerEpoch(3)
                .optWarmupEpochs(3)
                .build());
        assertThrows(IllegalArgumentException.class, () -> CosineWithWarmup.builder()
                .setBaseValue(1)
                .setItersPerEpoch(3)
                .build());
        assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(Double.NaN));
    }
}
