package org.simvtp.core.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.simvtp.core.ParityBundle;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.VideoMask;

class VideoPatchifierTest {

    // Small geometry: C=3, T=4, H=W=4, tubelet 2, patch 2 -> N = 2·2·2 = 8 tokens of 2·2·2·3 = 24 values.
    private static final int C = 3;
    private static final int T = 4;
    private static final int S = 4;
    private static final int DT = 2;
    private static final int P = 2;

    private final VideoPatchifier small = new VideoPatchifier(C, T, S, S, DT, P);
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void cutUsesTokenOrderTHWAndChannelFastestLayout() {
        float[] values = new float[C * T * S * S];
        for (int c = 0; c < C; c++) {
            for (int t = 0; t < T; t++) {
                for (int y = 0; y < S; y++) {
                    for (int x = 0; x < S; x++) {
                        values[((c * T + t) * S + y) * S + x] = 1000 * c + 100 * t + 10 * y + x;
                    }
                }
            }
        }
        float[] tokens =
                small.cut(manager.create(values, new Shape(1, C, T, S, S))).toFloatArray();
        assertEquals(8 * 24, tokens.length);
        for (int tt = 0; tt < T / DT; tt++) {
            for (int hh = 0; hh < S / P; hh++) {
                for (int ww = 0; ww < S / P; ww++) {
                    int n = (tt * (S / P) + hh) * (S / P) + ww;
                    for (int dt = 0; dt < DT; dt++) {
                        for (int dy = 0; dy < P; dy++) {
                            for (int dx = 0; dx < P; dx++) {
                                for (int c = 0; c < C; c++) {
                                    int index = ((dt * P + dy) * P + dx) * C + c;
                                    float want = 1000 * c + 100 * (tt * DT + dt) + 10 * (hh * P + dy) + (ww * P + dx);
                                    assertEquals(want, tokens[n * 24 + index], 0f, "token " + n + " index " + index);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void unpatchifyInvertsPatchify() {
        NDArray video = randomVideo(2, new Shape(2, C, T, S, S));
        NDArray patches = small.patchify(video);
        assertEquals(new Shape(2, 8, 24), patches.getShape());
        NDArray back = small.unpatchify(patches);
        assertEquals(video.getShape(), back.getShape());
        assertArrayEquals(ImageNetNormalization.denormalize(video).toFloatArray(), back.toFloatArray(), 0f);
    }

    @Test
    void denormalizeAndNormalizeAreInverse() {
        NDArray video = randomVideo(3, new Shape(1, 3, 2, 3, 3));
        NDArray pixels = ImageNetNormalization.denormalize(video);
        float[] v = video.toFloatArray();
        float[] px = pixels.toFloatArray();
        assertEquals(v[0] * 0.229f + 0.485f, px[0], 1e-7f); // channel 0
        assertEquals(v[18] * 0.224f + 0.456f, px[18], 1e-7f); // channel 1 starts at 2·3·3
        assertArrayEquals(v, ImageNetNormalization.normalize(pixels).toFloatArray(), 1e-5f);
    }

    @Test
    void targetOfATwoLevelTubeletIsPlusMinusHalfOverStd() {
        // One token (T=2, 2x2 patch, 1 token): channel 0 pixels 0,0,0,0,1,1,1,1 (first frame 0, second 1).
        VideoPatchifier one = new VideoPatchifier(3, 2, 2, 2, 2, 2);
        float[] pixels = new float[3 * 2 * 2 * 2];
        for (int i = 4; i < 8; i++) {
            pixels[i] = 1f;
        }
        NDArray video = ImageNetNormalization.normalize(manager.create(pixels, new Shape(1, 3, 2, 2, 2)));
        float[] target = one.normalizedTargets(video).toFloatArray();
        // mean 0.5, unbiased variance 8·0.25/7, target = ±0.5 / (sqrt(2/7) + 1e-6)
        double expected = 0.5 / (Math.sqrt(2.0 / 7.0) + 1e-6);
        for (int pixel = 0; pixel < 8; pixel++) {
            double sign = pixel < 4 ? -1 : 1;
            assertEquals(sign * expected, target[pixel * 3], 1e-5, "pixel " + pixel);
            assertEquals(0.0, target[pixel * 3 + 1], 1e-3, "constant channel 1 gives ~0");
        }
    }

    @Test
    void targetsMatchAFormulaComputedInJava() {
        NDArray video = randomVideo(4, new Shape(2, C, T, S, S));
        float[] raw = small.patchify(video).toFloatArray();
        float[] target = small.normalizedTargets(video).toFloatArray();
        int pixelsPerToken = DT * P * P;
        for (int token = 0; token < 2 * 8; token++) {
            for (int c = 0; c < C; c++) {
                double mean = 0;
                for (int k = 0; k < pixelsPerToken; k++) {
                    mean += raw[token * 24 + k * C + c];
                }
                mean /= pixelsPerToken;
                double ss = 0;
                for (int k = 0; k < pixelsPerToken; k++) {
                    double d = raw[token * 24 + k * C + c] - mean;
                    ss += d * d;
                }
                double std = Math.sqrt(ss / (pixelsPerToken - 1));
                for (int k = 0; k < pixelsPerToken; k++) {
                    double want = (raw[token * 24 + k * C + c] - mean) / (std + 1e-6);
                    assertEquals(want, target[token * 24 + k * C + c], 1e-4, "token " + token + " c " + c);
                }
            }
        }
    }

    @Test
    void pixelTargetsMatchTheReference() {
        NDList inputs = ParityBundle.tensors(manager, "inputs.safetensors");
        NDArray video = inputs.get("video");
        NDArray expected = ParityBundle.tensors(manager, "expected.safetensors").get("pixel_target");
        SimvtpConfig config = SimvtpConfig.builder()
                .optImageSize(64)
                .optPatchSize(16)
                .optTubeletSize(2)
                .optNumFrames(4)
                .optEncoderWidth(64)
                .optEncoderHeads(2)
                .optDecoderWidth(32)
                .optDecoderHeads(1)
                .build();
        VideoPatchifier patchifier = VideoPatchifier.of(config);
        VideoMask mask = toMask(inputs.get("mask"));
        assertEquals(28, mask.maskedPerSample());
        NDArray got = TokenGather.masked(patchifier.normalizedTargets(video), mask);
        assertEquals(new Shape(3, 28, 1536), got.getShape());
        float maxDiff = got.sub(expected).abs().max().getFloat();
        assertTrue(maxDiff < 1e-4f, "max abs difference " + maxDiff);
    }

    @Test
    void resultsLiveInTheInputManagerWithoutLeftovers() {
        try (NDManager step = manager.newSubManager()) {
            NDArray video = randomVideo(5, new Shape(1, C, T, S, S));
            video.attach(step);
            NDArray targets = small.normalizedTargets(video);
            NDArray back = small.unpatchify(small.patchify(video));
            assertEquals(step, targets.getManager());
            assertEquals(step, back.getManager());
            // video, targets, patchify output, back
            assertEquals(4, step.getManagedArrays().size());
        }
    }

    @Test
    void rejectsWrongShapes() {
        NDArray wrongFrames = manager.zeros(new Shape(1, C, 3, S, S));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> small.patchify(wrongFrames))
                .getMessage()
                .contains("(1, 3, 3, 4, 4)"));
        assertThrows(IllegalArgumentException.class, () -> small.unpatchify(manager.zeros(new Shape(1, 8, 23))));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VideoPatchifier(3, 5, 4, 4, 2, 2))
                .getMessage()
                .contains("numFrames 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VideoPatchifier(3, 4, 6, 4, 2, 4))
                .getMessage()
                .contains("height 6"));
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageNetNormalization.denormalize(manager.zeros(new Shape(1, 1, 2, 2, 2))));
    }

    private NDArray randomVideo(long seed, Shape shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return manager.create(v, shape);
    }

    static VideoMask toMask(NDArray mask) {
        long[] shape = mask.getShape().getShape();
        byte[] flat = mask.toType(DataType.UINT8, false).toByteArray();
        boolean[][] rows = new boolean[(int) shape[0]][(int) shape[1]];
        for (int b = 0; b < rows.length; b++) {
            for (int n = 0; n < rows[b].length; n++) {
                rows[b][n] = flat[b * rows[b].length + n] != 0;
            }
        }
        return VideoMask.of(rows);
    }
}
