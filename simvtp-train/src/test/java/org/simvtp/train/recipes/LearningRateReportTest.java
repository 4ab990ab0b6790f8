package org.simvtp.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.schedule.LrScaling;

class LearningRateReportTest {

    @Test
    void aSmallBatchGetsTheDerivationAndAHint() {
        double lr = LrScaling.scaleForBatch(PretrainSettings.REFERENCE_LR, 16);
        assertEquals(
                List.of(
                        "learning rate 9.4e-06 = 1.5e-04 × batch 16 / 256 (reference scaling; --lr sets it directly)",
                        "hint: a learning rate below 1e-5 barely moves a short run; try --lr 1e-3"),
                LearningRateReport.pretrain(OptionalDouble.empty(), 16, 1, lr));
    }

    @Test
    void aLargeBatchGetsTheDerivationOnly() {
        double lr = LrScaling.scaleForBatch(PretrainSettings.REFERENCE_LR, 1024);
        assertEquals(
                List.of("learning rate 6.0e-04 = 1.5e-04 × global batch 1024 (16 × 64 processes) / 256 "
                        + "(reference scaling; --lr sets it directly)"),
                LearningRateReport.pretrain(OptionalDouble.empty(), 1024, 64, lr));
        assertEquals(
                List.of("learning rate 1.3e-04 = 1.5e-04 × batch 224 / 256 (reference scaling; --lr sets it "
                        + "directly)"),
                LearningRateReport.pretrain(OptionalDouble.empty(), 224, 1, 1.5e-4 * 224 / 256));
    }

    @Test
    void anExplicitRateIsNamedAsSuchWithoutAHint() {
        assertEquals(
                List.of("learning rate 1.0e-06 (set directly with --lr)"),
                LearningRateReport.pretrain(OptionalDouble.of(1e-6), 16, 1, 1e-6));
        assertEquals(
                List.of("learning rate 1.0e-03 (set directly with --lr)"),
                LearningRateReport.finetune(OptionalDouble.of(1e-3), 8, 1e-3));
    }

    @Test
    void fineTuningNamesTheReferenceRateAndItsBatch() {
        assertEquals(
                List.of("learning rate 7.5e-05 = the reference fine-tuning rate (3.0e-04 × its batch 64 / 256), "
                        + "not rescaled to batch 8 (--lr sets it directly)"),
                LearningRateReport.finetune(
                        OptionalDouble.empty(),
                        8,
                        TrainerConfig.referenceFinetune().baseLr()));
        assertEquals(
                LearningRateReport.LOW_LR_HINT,
                LearningRateReport.finetune(OptionalDouble.empty(), 8, 5e-6).get(1));
    }
}
