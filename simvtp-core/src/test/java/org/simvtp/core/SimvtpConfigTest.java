package org.simvtp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimvtpConfigTest {

    @Test
    void vitBaseDerivedSizesMatchTheReference() {
        SimvtpConfig c = SimvtpConfig.vitBase();
        assertEquals(1568, c.numVideoTokens());
        assertEquals(176, c.maskedPerFrame());
        assertEquals(160, c.numVisibleTokens());
        assertEquals(1536, c.patchDim());
        assertEquals(3072, c.encoderMlpWidth());
    }

    @Test
    void parityTinyGeometry() {
        SimvtpConfig c = SimvtpConfig.builder()
                .optImageSize(64)
                .optNumFrames(4)
                .optEncoderWidth(64)
                .optEncoderHeads(2)
                .optDecoderWidth(32)
                .optDecoderHeads(1)
                .build();
        assertEquals(32, c.numVideoTokens());
        assertEquals(14, c.maskedPerFrame());
        assertEquals(4, c.numVisibleTokens());
    }

    @Test
    void toBuilderRoundTrips() {
        SimvtpConfig c = SimvtpConfig.tiny();
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void imageNotDivisibleByPatchNamesBothFields() {
        assertMessage(SimvtpConfig.builder().optImageSize(100), "imageSize", "patchSize");
    }

    @Test
    void framesNotDivisibleByTubeletNamesBothFields() {
        assertMessage(SimvtpConfig.builder().optNumFrames(15), "numFrames", "tubeletSize");
    }

    @Test
    void widthNotDivisibleByHeadsNamesBothFields() {
        assertMessage(SimvtpConfig.builder().optEncoderHeads(5), "encoderWidth", "encoderHeads");
        assertMessage(SimvtpConfig.builder().optDecoderHeads(5), "decoderWidth", "decoderHeads");
    }

    @Test
    void maskRatioOneIsRejected() {
        assertMessage(SimvtpConfig.builder().optVideoMaskRatio(1.0), "videoMaskRatio");
        assertMessage(SimvtpConfig.builder().optTextMaskRatio(1.0), "textMaskRatio");
    }

    @Test
    void nonPositiveSizesAreRejected() {
        assertMessage(SimvtpConfig.builder().optPatchSize(0), "patchSize");
        assertMessage(SimvtpConfig.builder().optEncoderDepth(-1), "encoderDepth");
    }

    private static void assertMessage(SimvtpConfig.Builder builder, String... fields) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        for (String field : fields) {
            assertTrue(e.getMessage().contains(field), () -> "message '" + e.getMessage() + "' lacks " + field);
        }
    }
}
