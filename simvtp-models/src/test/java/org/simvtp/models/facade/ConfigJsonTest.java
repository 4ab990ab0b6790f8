package org.simvtp.models.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;

class ConfigJsonTest {

    @Test
    void roundTripsEveryPreset() {
        for (SimvtpConfig c : new SimvtpConfig[] {
            SimvtpConfig.vitBase(),
            SimvtpConfig.small(),
            SimvtpConfig.tiny(),
            SimvtpConfig.tiny().toBuilder()
                    .optMlpRatio(2.5)
                    .optTextMaskRatio(0.15)
                    .optVtmLossWeight(0)
                    .build()
        }) {
            assertEquals(c, ConfigJson.fromJson(ConfigJson.toJson(c)));
        }
    }

    @Test
    void missingKeysKeepTheReferenceValuesAndUnknownKeysAreIgnored() {
        SimvtpConfig c = ConfigJson.fromJson("{\"encoderWidth\": 128, \"encoderHeads\": 2, \"future\": [1]}");
        assertEquals(
                SimvtpConfig.vitBase().toBuilder()
                        .optEncoderWidth(128)
                        .optEncoderHeads(2)
                        .build(),
                c);
    }

    @Test
    void badValuesNameTheField() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ConfigJson.fromJson("{\"imageSize\": 22.5}"));
        assertTrue(e.getMessage().contains("imageSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigJson.fromJson("{\"encoderHeads\": 5}"));
        assertTrue(e.getMessage().contains("encoderHeads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfigJson.fromJson("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> ConfigJson.fromJson("{not json"));
    }
}
