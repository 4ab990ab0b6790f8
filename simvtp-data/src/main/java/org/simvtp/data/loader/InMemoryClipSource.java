package org.simvtp.data.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.video.DecodedClip;

/**
 * Samples cut from clips held in memory (no files, no decoding), for example synthetic video-text pairs: the
 * sampler picks frame indices of the stored clip, the transform crops and normalises, exactly as for files.
 *
 * <pre>{@code
 * List<SyntheticSample> data = SyntheticVideoText.builder().optSeed(1).build().generate(256);
 * SampleSource source = InMemoryClipSource.fromSynthetic(data, new PretrainFrameSampler(16, 2),
 *         ClipTransform.pretrain(32));
 * }</pre>
 */
public final class InMemoryClipSource implements SampleSource {
    private final List<Entry> entries;
    private final FrameSampler sampler;
    private final ClipTransform transform;

    /**
     * One stored clip.
     *
     * @param frames the uint8 frames {@code [F, H, W, 3]}
     * @param caption the caption
     * @param videoId an id
     */
    public record Entry(DecodedClip frames, String caption, String videoId) {
        /** Checks that no component is {@code null}. */
        public Entry {
            Objects.requireNonNull(frames, "frames");
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(videoId, "videoId");
        }
    }

    /**
     * Creates the source.
     *
     * @param entries the clips
     * @param sampler frame sampler (one view)
     * @param transform clip transform (one view)
     */
    public InMemoryClipSource(List<Entry> entries, FrameSampler sampler, ClipTransform transform) {
        this.entries = List.copyOf(entries);
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.transform = Objects.requireNonNull(transform, "transform");
    }

    /**
     * A source over synthetic samples; ids are {@code synthetic-NNNNN}, the file stems
     * {@link org.simvtp.data.synthetic.SyntheticVideoText#writeDataset} uses.
     *
     * @param samples the samples
     * @param sampler frame sampler (one view)
     * @param transform clip transform (one view)
     * @return the source
     */
    public static InMemoryClipSource fromSynthetic(
            List<SyntheticSample> samples, FrameSampler sampler, ClipTransform transform) {
        List<Entry> entries = new ArrayList<>(samples.size());
        for (SyntheticSample s : samples) {
            entries.add(new Entry(s.frames(), s.caption(), String.format("synthetic-%05d", s.id())));
        }
        return new InMemoryClipSource(entries, sampler, transform);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public String describe(int index) {
        return "in-memory clip " + index + " (" + entries.get(index).videoId() + ")";
    }

    @Override
    public Sample load(int index, RandomGenerator rng) {
        Entry e = entries.get(index);
        int[][] views = sampler.sample(e.frames().frames(), rng);
        if (views.length != 1) {
            throw new IllegalStateException("expected one temporal view, the sampler gave " + views.length);
        }
        List<ClipTensor> out = transform.apply(e.frames().select(views[0]), rng);
        if (out.size() != 1) {
            throw new IllegalStateException("expected one spatial view, the transform gave " + out.size());
        }
        return new Sample(index, out.get(0), e.caption(), e.videoId(), null);
    }
}
