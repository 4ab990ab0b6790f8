package org.simvtp.jmh.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;

class FlopCounterTest {

    /**
     * 32² frames, patch 16, 4 frames, tubelet 2 → N = 8 tokens (2 × 2 × 2), ratio 0.75 → 3 of 4 masked per slice,
     * Nv = 2, Nm = 6, P = 3·2·16·16 = 1536; encoder D = 32, M = 128, 1 block; decoder Dd = 16, Md = 64, 1 block;
     * V = 120. Batch B = 2, caption L = 3.
     */
    static final SimvtpConfig HAND = SimvtpConfig.builder()
            .optImageSize(32)
            .optPatchSize(16)
            .optNumFrames(4)
            .optTubeletSize(2)
            .optEncoderWidth(32)
            .optEncoderDepth(1)
            .optEncoderHeads(2)
            .optDecoderWidth(16)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .optVocabSize(120)
            .optVideoMaskRatio(0.75)
            .build();

    @Test
    void handConfigurationHasTheExpectedGeometry() {
        assertEquals(8, HAND.numVideoTokens());
        assertEquals(2, HAND.numVisibleTokens());
        assertEquals(1536, HAND.patchDim());
    }

    @Test
    void matmulIsTwoMultiplyAddsPerProduct() {
        assertEquals(17_179_869_184L, FlopCounter.matmul(2048, 2048, 2048));
        assertEquals(2 * 3 * 4 * 5, FlopCounter.matmul(3, 4, 5));
    }

    @Test
    void preTrainingStepPartsMatchHandCounts() {
        StepFlops f = FlopCounter.pretrainStep(HAND, 2, 3, false);
        // 2·B·N·P·D = 2·2·8·1536·32; backward = weight gradient only
        assertEquals(1_572_864L, f.part("patch_embed").forward());
        assertEquals(1_572_864L, f.part("patch_embed").backward());
        // s = 2, S = 5: per token 2·(4·32² + 2·32·128) = 24 576, × 10 tokens = 245 760; attention 4·2·5²·32 = 6 400
        assertEquals(252_160L, f.part("encoder.joint").forward());
        assertEquals(2 * 252_160L, f.part("encoder.joint").backward());
        assertEquals(46_080L, f.part("head.mlm").forward()); // 2·2·3·32·120
        assertEquals(4_096L, f.part("encoder_to_decoder").forward()); // 2·2·2·32·16
        // blocks: 2·(4·16² + 2·16·64) = 6 144 × 16 tokens = 98 304, attention 4·2·8²·16 = 8 192; head 2·2·6·16·1536
        assertEquals(98_304L + 8_192L + 589_824L, f.part("decoder").forward());
        assertEquals(98_304L + 1_024L, f.part("encoder.video").forward()); // 24 576·4 + 4·2·2²·32
        assertEquals(147_456L + 2_304L, f.part("encoder.text").forward()); // 24 576·6 + 4·2·3²·32
        assertEquals(256L, f.part("vtc.similarity").forward()); // 2·2·2·32
        assertEquals(491_520L + 12_800L, f.part("encoder.matching").forward()); // s = 4: 24 576·20 + 4·4·5²·32
        assertEquals(512L, f.part("head.vtm").forward()); // 2·4·32·2
        assertEquals(3_325_696L, f.forward());
        assertEquals(5_078_528L, f.backward()); // 2·(forward − patch) + patch
        assertEquals(8_404_224L, f.total());
    }

    @Test
    void reusingTheJointPassRemovesOneJointPassOfMatching() {
        StepFlops reference = FlopCounter.pretrainStep(HAND, 2, 3, false);
        StepFlops reuse = FlopCounter.pretrainStep(HAND, 2, 3, true);
        assertEquals(252_160L, reuse.part("encoder.matching").forward());
        assertEquals(3 * 252_160L, reference.total() - reuse.total());
        assertEquals(7_647_744L, reuse.total());
    }

    @Test
    void efficientMlmHeadCountsLabelledRowsOnly() {
        StepFlops all = FlopCounter.pretrainStep(HAND, 2, 3, true);
        StepFlops two = FlopCounter.pretrainStep(HAND, 2, 3, true, 2);
        assertEquals(46_080L, all.part("head.mlm").forward()); // 2·(B·L = 6)·32·120
        assertEquals(15_360L, two.part("head.mlm").forward()); // 2·2·32·120
        assertEquals(3 * (46_080L - 15_360L), all.total() - two.total());
        assertThrows(IllegalArgumentException.class, () -> FlopCounter.pretrainStep(HAND, 2, 3, true, 7));
    }

    @Test
    void fineTuningStepMatchesHandCount() {
        StepFlops f = FlopCounter.finetuneStep(HAND, 2, 3);
        assertEquals(393_216L + 16_384L, f.part("encoder.video").forward()); // 24 576·16 + 4·2·8²·32
        assertEquals(149_760L, f.part("encoder.text").forward());
        assertEquals(2_132_480L, f.forward());
        assertEquals(4_824_576L, f.total());
    }

    @Test
    void vitBaseForwardOfOneClipIsAbout360Gflop() {
        StepFlops f = FlopCounter.videoEncoderForward(SimvtpConfig.vitBase(), 1);
        assertEquals(3_699_376_128L, f.part("patch_embed").forward());
        assertEquals(360_689_172_480L, f.total());
        assertEquals(0L, f.backward());
    }

    @Test
    void unknownPartIsNamedInTheError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FlopCounter.finetuneStep(HAND, 2, 3)
                        .part("decoder"));
        assertEquals(true, e.getMessage().contains("'decoder'"));
    }
}
