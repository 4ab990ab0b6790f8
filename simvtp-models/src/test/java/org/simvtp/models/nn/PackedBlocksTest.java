package org.simvtp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.SimvtpPretrainModel;

class PackedBlocksTest {

    private static final SimvtpConfig CONFIG = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(2)
            .optEncoderHeads(2)
            .optDecoderWidth(16)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .optVocabSize(120)
            .build();

    @Test
    void packedGroupsGiveTheSeparatePassesResults() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            VitEncoder encoder = VitEncoder.pretraining(CONFIG);
            encoder.initialize(m);
            NDArray a = m.randomNormal(new Shape(4, 7, 32));
            NDArray b = m.randomNormal(new Shape(3, 5, 32));
            NDArray c = m.randomNormal(new Shape(2, 1, 32));
            NDArray maskA = SimvtpPretrainModel.additiveKeyMask(
                    m.create(new long[] {1, 1, 1, 1, 1, 0, 0}).expandDims(0).repeat(0, 4));
            List<NDArray> packed = encoder.blocksPacked(List.of(a, b, c), Arrays.asList(maskA, null, null), true);
            assertEquals(3, packed.size());
            assertClose(encoder.blocks(a, maskA, true), packed.get(0));
            assertClose(encoder.blocks(b, null, true), packed.get(1));
            assertClose(encoder.blocks(c, null, true), packed.get(2));
            assertEquals(new Shape(3, 5, 32), packed.get(1).getShape());
        }
    }

    @Test
    void packedBlocksRefuseStochasticDepthAndMismatchedMasks() {
        try (NDManager m = NDManager.newBaseManager()) {
            VitEncoder withDropPath = VitEncoder.pretraining(
                    CONFIG.toBuilder().optDropPathRate(0.1).build());
            withDropPath.initialize(m);
            NDArray a = m.randomNormal(new Shape(2, 3, 32));
            assertThrows(
                    IllegalStateException.class,
                    () -> withDropPath.blocksPacked(List.of(a), Arrays.asList((NDArray) null), true));
            assertEquals(
                    new Shape(2, 3, 32),
                    withDropPath
                            .blocksPacked(List.of(a), Arrays.asList((NDArray) null), false)
                            .get(0)
                            .getShape());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> withDropPath.blocksPacked(List.of(a, a), Arrays.asList((NDArray) null), false));
        }
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 2e-5f);
    }
}
