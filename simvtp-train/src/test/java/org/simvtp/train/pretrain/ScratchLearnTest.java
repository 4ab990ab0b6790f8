package org.simvtp.train.pretrain;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.*;

class ScratchLearnTest {
    @Test
    void learn() {
        SimvtpConfig config = SimvtpConfig.tiny().toBuilder().videoMaskRatio(Double.parseDouble(System.getProperty("vmask", "0.9"))).textMaskRatio(Double.parseDouble(System.getProperty("tmask", "0.75"))).build();
        List<SyntheticSample> samples = SyntheticVideoText.builder().optSeed(1).optSize(64, 64).optFrames(8).build().generate(256);
        try (BertTokenizer tok = BertTokenizer.create();
             Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(new PretrainTask(config))
                .optConfig(TrainerConfig.builder().totalSteps(Integer.getInteger("steps", 60)).warmupSteps(10).baseLr(1e-3).minLr(1e-4).build())
                .addListener(new TrainingListener() {
                    public void onStep(StepRecord r) { if (r.step() % 10 == 0 || r.step() < 4) System.err.printf("step %d %.2fs %s%n", r.step(), r.seconds(), r.losses()); }
                }).build()) {
            t.fit(new SyntheticPretrainSource(samples, new PretrainBatchAssembler(config, tok), 16, 0));
        }
    }
}
