package org.simvtp.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.data.dataset.CaptionJsonReader;
import org.simvtp.data.dataset.ReadOptions;
import org.simvtp.data.dataset.RecordTable;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoCodec;

class SyntheticSourcesTest {
    @TempDir
    Path dir;

    @Test
    void inMemoryAndFileBackedSyntheticDataGoThroughTheSameLoader() {
        SyntheticVideoText gen = SyntheticVideoText.builder()
                .optSeed(4)
                .optSize(32, 32)
                .optFrames(12)
                .build();
        List<SyntheticSample> samples = gen.generate(6);
        Path json = gen.writeDataset(dir.resolve("synthetic"), 6, VideoCodec.MPEG4);
        RecordTable records = RecordTable.copyOf(new CaptionJsonReader(json, ReadOptions.defaults()));
        assertEquals(6, records.size());
        for (int i = 0; i < 6; i++) {
            VideoTextRecord r = records.get(i);
            assertTrue(Files.isRegularFile(r.video()), r.toString());
            assertEquals(samples.get(i).caption(), r.caption());
            assertEquals(String.format("synthetic-%05d", i), r.videoId());
        }
        SampleSource files = new VideoFileSource(records, LoaderFixtures.SAMPLER, LoaderFixtures.TRANSFORM);
        SampleSource memory =
                InMemoryClipSource.fromSynthetic(samples, LoaderFixtures.SAMPLER, LoaderFixtures.TRANSFORM);
        try (VideoTextLoader a = VideoTextLoader.builder()
                        .setSource(files)
                        .setBatchSize(3)
                        .optSeed(2)
                        .build();
                VideoTextLoader b = VideoTextLoader.builder()
                        .setSource(memory)
                        .setBatchSize(3)
                        .optSeed(2)
                        .build()) {
            for (int k = 0; k < 4; k++) {
                Batch fromFiles = a.next();
                Batch fromMemory = b.next();
                assertArrayEquals(fromFiles.indices(), fromMemory.indices());
                assertEquals(fromFiles.captions(), fromMemory.captions());
                assertEquals(new Shape(3, 3, 4, 16, 16), fromFiles.clipShape());
                assertEquals(fromMemory.clipShape(), fromFiles.clipShape());
                assertNull(fromMemory.samples().get(0).video());
                // same frames and crops; only the lossy codec differs (normalised units, std ~0.23)
                float[] x = fromFiles.stackClips();
                float[] y = fromMemory.stackClips();
                double diff = 0;
                for (int i = 0; i < x.length; i++) {
                    diff += Math.abs(x[i] - y[i]);
                }
                assertTrue(diff / x.length < 0.15, "mean |diff| " + diff / x.length);
            }
        }
    }

    @Test
    void selectGathersFramesInRequestOrder() {
        DecodedClip clip = LoaderFixtures.synthetic(1).get(0).frames();
        DecodedClip s = clip.select(new int[] {5, 0, 5});
        assertEquals(3, s.frames());
        assertArrayEquals(clip.subClip(5, 6).data(), s.subClip(0, 1).data());
        assertArrayEquals(clip.subClip(0, 1).data(), s.subClip(1, 2).data());
        assertArrayEquals(clip.subClip(5, 6).data(), s.subClip(2, 3).data());
        assertThrows(IllegalArgumentException.class, () -> clip.select(new int[] {12}));
        assertThrows(IllegalArgumentException.class, () -> clip.select(new int[0]));
    }

    @Test
    void batchStacksIntoOneNdArray() {
        InMemoryClipSource source = LoaderFixtures.memory(4);
        Sample s0 = source.load(0, new SplittableRandom(1));
        Sample s1 = source.load(1, new SplittableRandom(2));
        Batch batch = new Batch(0, 0, 0, List.of(s0, s1));
        float[] stacked = batch.stackClips();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = batch.clipsToNDArray(m);
            assertEquals(new Shape(2, 3, 4, 16, 16), x.getShape());
            assertArrayEquals(stacked, x.toFloatArray());
            assertArrayEquals(s1.clip().data(), x.get(1).toFloatArray());
        }
    }
}
