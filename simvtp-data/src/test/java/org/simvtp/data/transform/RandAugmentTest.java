package org.simvtp.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simvtp.data.video.DecodedClip;

class RandAugmentTest {
    @Test
    void parsesTheReferenceConfig() {
        RandAugment ra = RandAugment.reference();
        assertEquals(4, ra.numOps());
        assertEquals(7.0, ra.magnitude());
        assertEquals(0.5, ra.magnitudeStd());
        assertEquals(0.5, ra.probability());
        assertEquals(RandAugmentOp.increasing(), ra.ops());
        assertEquals(15, ra.ops().size());
        assertTrue(ra.ops().contains(RandAugmentOp.TRANSLATE_X_REL));
        assertEquals(0.45, ra.translatePct());
        assertEquals(100.0, ra.translateConst());
        assertEquals(128, ra.fill());

        RandAugment defaults = RandAugment.parse("rand").build();
        assertEquals(2, defaults.numOps());
        assertEquals(10.0, defaults.magnitude());
        assertEquals(RandAugmentOp.standard(), defaults.ops());
        // timm quirk: any value after "inc" selects the increasing set; parts without a digit are ignored
        assertEquals(
                RandAugmentOp.increasing(),
                RandAugment.parse("rand-inc0-foo").build().ops());
    }

    @Test
    void rejectsBadConfigs() {
        assertThrows(IllegalArgumentException.class, () -> RandAugment.parse("augmix-m7"));
        assertThrows(IllegalArgumentException.class, () -> RandAugment.parse("rand-w0"));
        assertThrows(IllegalArgumentException.class, () -> RandAugment.parse("rand-x3"));
        assertThrows(IllegalArgumentException.class, () -> RandAugment.parse("rand-m7x"));
        assertThrows(
                IllegalArgumentException.class,
                () -> RandAugment.builder().optMagnitude(11).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> RandAugment.builder().optProbability(1.5).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> RandAugment.builder().optOps(List.of()).build());
    }

    @Test
    void absoluteTranslateOptionSwapsTheRelativeOps() {
        RandAugment ra =
                RandAugment.reference().toBuilder().optAbsoluteTranslate(100).build();
        assertTrue(ra.ops().contains(RandAugmentOp.TRANSLATE_X));
        assertTrue(ra.ops().contains(RandAugmentOp.TRANSLATE_Y));
        assertFalse(ra.ops().contains(RandAugmentOp.TRANSLATE_X_REL));
        assertEquals(15, ra.ops().size());
        assertEquals(70.0, RandAugmentOp.TRANSLATE_X.argument(7, false, ra), 1e-12);
    }

    @Test
    void planDrawsFollowTheConfiguredDistribution() {
        RandAugment ra = RandAugment.reference();
        SplittableRandom rng = new SplittableRandom(11);
        int plans = 3000;
        int applied = 0;
        double sum = 0;
        Set<RandAugmentOp> seen = EnumSet.noneOf(RandAugmentOp.class);
        int negativeRotations = 0;
        int rotations = 0;
        for (int i = 0; i < plans; i++) {
            for (RandAugment.Step s : ra.plan(rng).steps()) {
                applied++;
                sum += s.magnitude();
                seen.add(s.op());
                assertTrue(s.magnitude() >= 0 && s.magnitude() <= 10);
                if (s.op() == RandAugmentOp.ROTATE) {
                    rotations++;
                    assertEquals(3 * s.magnitude(), Math.abs(s.argument()), 1e-9);
                    negativeRotations += s.argument() < 0 ? 1 : 0;
                }
            }
        }
        // 4 ops per clip, each kept with probability 0.5
        assertEquals(0.5, applied / (4.0 * plans), 0.02);
        assertEquals(7.0, sum / applied, 0.03);
        assertEquals(EnumSet.copyOf(RandAugmentOp.increasing()), seen);
        assertEquals(0.5, negativeRotations / (double) rotations, 0.08);
    }

    @Test
    void sameOpsAndMagnitudesForEveryFrame() {
        DecodedClip clip = AugmentOpsTest.noise(4, 24, 32, 21);
        RandAugment ra = RandAugment.reference().toBuilder().optProbability(1.0).build();
        for (int seed = 0; seed < 20; seed++) {
            RandAugment.Plan plan = ra.plan(new SplittableRandom(seed));
            DecodedClip all = plan.apply(clip);
            for (int f = 0; f < clip.frames(); f++) {
                DecodedClip single = plan.apply(clip.subClip(f, f + 1));
                assertArrayEquals(single.data(), all.subClip(f, f + 1).data(), "seed " + seed + " frame " + f);
            }
        }
        // identical frames stay identical
        DecodedClip same = AugmentOpsTest.noise(1, 24, 32, 22).select(new int[] {0, 0, 0});
        for (int seed = 0; seed < 20; seed++) {
            DecodedClip out = ra.apply(same, new SplittableRandom(seed));
            assertArrayEquals(out.subClip(0, 1).data(), out.subClip(2, 3).data());
        }
    }

    @Test
    void reproducibleFromTheSeed() {
        DecodedClip clip = AugmentOpsTest.noise(2, 30, 40, 31);
        RandAugment ra = RandAugment.reference();
        int differing = 0;
        for (int seed = 0; seed < 10; seed++) {
            byte[] a = ra.apply(clip, new SplittableRandom(seed)).data();
            byte[] b = ra.apply(clip, new SplittableRandom(seed)).data();
            assertArrayEquals(a, b);
            byte[] c = ra.apply(clip, new SplittableRandom(seed + 1000)).data();
            differing += Arrays.equals(a, c) ? 0 : 1;
        }
        assertTrue(differing >= 8, "different seeds should usually give different clips: " + differing);
    }

    @Test
    void fixedOpListsComposeAsExpected() {
        DecodedClip clip = AugmentOpsTest.noise(2, 5, 6, 41);
        RandAugment invert = RandAugment.builder()
                .optOps(List.of(RandAugmentOp.INVERT))
                .optNumOps(4)
                .optProbability(1.0)
                .build();
        assertArrayEquals(
                clip.data(), invert.apply(clip, new SplittableRandom(1)).data());
        RandAugment thrice = invert.toBuilder().optNumOps(3).build();
        assertArrayEquals(
                ColorOps.invert(clip).data(),
                thrice.apply(clip, new SplittableRandom(1)).data());
        RandAugment never = invert.toBuilder().optProbability(0.0).build();
        assertSame(clip, never.apply(clip, new SplittableRandom(1)));
        RandAugment none = invert.toBuilder().optNumOps(0).build();
        assertSame(clip, none.apply(clip, new SplittableRandom(1)));
    }

    @Test
    void referenceFinetunePipelineShapesAndDeterminism() {
        DecodedClip clip = AugmentOpsTest.noise(2, 48, 64, 51);
        ClipTransform t = ClipTransform.finetuneTrainReference(32);
        ClipTensor a = t.apply(clip, new SplittableRandom(3)).get(0);
        ClipTensor b = t.apply(clip, new SplittableRandom(3)).get(0);
        assertEquals(List.of(3, 2, 32, 32), List.of(a.channels(), a.frames(), a.height(), a.width()));
        assertArrayEquals(a.data(), b.data());
        // with both options off it is the plain variant
        ClipTensor plain = ClipTransform.finetuneTrain(32)
                .apply(clip, new SplittableRandom(4))
                .get(0);
        ClipTensor off = ClipTransform.finetuneTrain(32, null, null)
                .apply(clip, new SplittableRandom(4))
                .get(0);
        assertArrayEquals(plain.data(), off.data());
    }
}
