package org.simvtp.data.loader;

import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.random.RandomGenerator;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.ClipReader;
import org.simvtp.data.dataset.RecordTable;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.video.DecoderOptions;

/**
 * Samples decoded from video files with {@link ClipReader}: record {@code i}'s video is opened, frames are chosen
 * by the sampler, decoded, transformed and normalised. The sampler and transform must give one view.
 *
 * <pre>{@code
 * RecordTable records = RecordTable.copyOf(new CaptionJsonReader(json, ReadOptions.defaults()));
 * SampleSource source = VideoFileSource.pretrain(records, SimvtpConfig.vitBase());
 * }</pre>
 */
public final class VideoFileSource implements SampleSource {
    private final List<VideoTextRecord> records;
    private final FrameSampler sampler;
    private final ClipTransform transform;
    private final DecoderOptions options;

    /**
     * A source with default decoder options.
     *
     * @param records the records (a non-random-access list is copied into a {@link RecordTable})
     * @param sampler frame sampler (one view)
     * @param transform clip transform (one view)
     */
    public VideoFileSource(List<VideoTextRecord> records, FrameSampler sampler, ClipTransform transform) {
        this(records, sampler, transform, DecoderOptions.defaults());
    }

    /**
     * A source with explicit decoder options (timeout, codec threads).
     *
     * @param records the records (a non-random-access list is copied into a {@link RecordTable})
     * @param sampler frame sampler (one view)
     * @param transform clip transform (one view)
     * @param options decoder options
     */
    public VideoFileSource(
            List<VideoTextRecord> records, FrameSampler sampler, ClipTransform transform, DecoderOptions options) {
        Objects.requireNonNull(records, "records");
        this.records = records instanceof RandomAccess ? records : RecordTable.copyOf(records);
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The pre-training pipeline of spec §5.1: {@code numFrames} frames at stride 4, multi-scale crop to
     * {@code imageSize}, ImageNet normalisation.
     *
     * @param records the records
     * @param config model configuration
     * @return the source
     */
    public static VideoFileSource pretrain(List<VideoTextRecord> records, SimvtpConfig config) {
        return new VideoFileSource(
                records, PretrainFrameSampler.forConfig(config), ClipTransform.pretrain(config.imageSize()));
    }

    /**
     * The records.
     *
     * @return the list
     */
    public List<VideoTextRecord> records() {
        return records;
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public String describe(int index) {
        return records.get(index).video().toString();
    }

    @Override
    public Sample load(int index, RandomGenerator rng) {
        VideoTextRecord r = records.get(index);
        ClipTensor clip = ClipReader.read(r.video(), sampler, transform, rng, options);
        return new Sample(index, clip, r.caption(), r.videoId(), r.video());
    }
}
