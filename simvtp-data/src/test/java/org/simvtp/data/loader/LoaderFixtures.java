package org.simvtp.data.loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoWriter;

/** Small real data for loader tests. */
final class LoaderFixtures {
    static final FrameSampler SAMPLER = new PretrainFrameSampler(4, 2);
    static final ClipTransform TRANSFORM = ClipTransform.pretrain(16);

    private LoaderFixtures() {}

    static List<SyntheticSample> synthetic(int n) {
        return SyntheticVideoText.builder()
                .optSeed(11)
                .optSize(32, 32)
                .optFrames(12)
                .build()
                .generate(n);
    }

    static InMemoryClipSource memory(int n) {
        return InMemoryClipSource.fromSynthetic(synthetic(n), SAMPLER, TRANSFORM);
    }

    /** Writes {@code n} real MPEG-4 videos and returns their records. */
    static List<VideoTextRecord> videos(Path dir, int n) throws Exception {
        List<VideoTextRecord> out = new ArrayList<>();
        List<SyntheticSample> samples = synthetic(n);
        for (SyntheticSample s : samples) {
            Path p = dir.resolve(String.format("synthetic-%05d.mp4", s.id()));
            if (!Files.exists(p)) {
                VideoWriter.write(s.frames(), 8, VideoCodec.MPEG4, p);
            }
            out.add(new VideoTextRecord(p, s.caption(), String.format("synthetic-%05d", s.id())));
        }
        return out;
    }

    /** A source that takes an index-dependent time per sample, so that workers finish out of order. */
    static final class Uneven implements SampleSource {
        private final SampleSource inner;
        private final int maxMillis;

        Uneven(SampleSource inner, int maxMillis) {
            this.inner = inner;
            this.maxMillis = maxMillis;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public String describe(int index) {
            return inner.describe(index);
        }

        @Override
        public Sample load(int index, RandomGenerator rng) {
            try {
                Thread.sleep((index * 7919L) % (maxMillis + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return inner.load(index, rng);
        }
    }
}
