package org.simvtp.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.facade.ConfigJson;

class PretrainJobTest {

    @Test
    void configComesFromPresetThenRunFolderAndMustMatchTheRunFolder(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve(PretrainJob.CONFIG_FILE);
        PretrainSettings tiny = PretrainSettings.builder(Path.of("a.json"), dir)
                .optPreset(Preset.TINY)
                .optVideoMaskRatio(0.5)
                .build();
        SimvtpConfig config = PretrainJob.resolveConfig(tiny, null, saved);
        assertEquals(SimvtpConfig.tiny().toBuilder().optVideoMaskRatio(0.5).build(), config);
        assertEquals(
                SimvtpConfig.vitBase(),
                PretrainJob.resolveConfig(
                        PretrainSettings.builder(Path.of("a.json"), dir).build(), null, saved));

        Files.writeString(saved, ConfigJson.toJson(config));
        assertEquals(
                config,
                PretrainJob.resolveConfig(
                        PretrainSettings.builder(Path.of("a.json"), dir).build(), null, saved),
                "a re-run without options resumes the saved model");
        PretrainSettings small = PretrainSettings.builder(Path.of("a.json"), dir)
                .optPreset(Preset.SMALL)
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PretrainJob.resolveConfig(small, null, saved));
        assertTrue(e.getMessage().contains(saved.toString()), e.getMessage());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> PretrainSettings.builder(Path.of("a"), Path.of("o"))
                .optSteps(0)
                .build());
        assertEquals(
                100,
                PretrainSettings.builder(Path.of("a"), Path.of("o")).build().effectiveWarmup());
        assertThrows(IllegalArgumentException.class, () -> FinetuneSettings.builder(
                        Path.of("t"), Path.of("v"), Path.of("i"), Path.of("o"))
                .optSelectOnTest(true)
                .build());
    }

    @Test
    void unsetOptionalValuesAreEmptyAndSetOnesAreChecked() {
        PretrainSettings defaults =
                PretrainSettings.builder(Path.of("a"), Path.of("o")).build();
        assertTrue(defaults.learningRate().isEmpty()
                && defaults.videoMaskRatio().isEmpty()
                && defaults.textMaskRatio().isEmpty());
        PretrainSettings set = PretrainSettings.builder(Path.of("a"), Path.of("o"))
                .optLearningRate(1e-3)
                .optTextMaskRatio(0.5)
                .build();
        assertEquals(OptionalDouble.of(1e-3), set.learningRate());
        assertEquals(OptionalDouble.of(0.5), set.textMaskRatio());
        assertTrue(set.videoMaskRatio().isEmpty());
        assertTrue(FinetuneSettings.builder(Path.of("t"), Path.of("v"), Path.of("i"), Path.of("o"))
                .build()
                .learningRate()
                .isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PretrainSettings.builder(Path.of("a"), Path.of("o"))
                .optLearningRate(Double.NaN)
                .build());
    }
}
