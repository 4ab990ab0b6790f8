package org.simvtp.data.spi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.spi.MediaException;
import org.simvtp.core.spi.MediaSupport;
import org.simvtp.core.spi.TimedClip;
import org.simvtp.core.spi.TokenizedText;
import org.simvtp.data.ClipReader;
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.sampling.TestFrameSampler;
import org.simvtp.data.sampling.TimeWindows;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.text.TokenBatch;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.transform.ImageNetNormalize;
import org.simvtp.data.transform.TestResizeCrop;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoDecodeException;
import org.simvtp.data.video.VideoDecoder;

/**
 * {@link MediaSupport} on top of this module: FFmpeg decoding with the reference test sampling and crops
 * ({@link TestFrameSampler}, {@link TestResizeCrop}; centre window / centre crop for a single view) and the
 * bundled bert-base-uncased {@link BertTokenizer}. Registered in
 * {@code META-INF/services/org.simvtp.core.spi.MediaSupport}. Thread-safe; the tokenizer is created on first use
 * and released by {@link #close()}.
 *
 * <pre>{@code
 * try (MediaSupport media = new DataMediaSupport()) {
 *     float[][] nine = media.readVideoViews(path, SimvtpConfig.vitBase(), 3, 3);
 * }
 * }</pre>
 */
public final class DataMediaSupport implements MediaSupport {

    /** Sub-sampling stride of the reference test sampling. */
    public static final int TEST_STRIDE = 4;

    /** Windows decoded per decoder call by {@link #readVideoWindows}: bounds the RGB frames held at once. */
    private static final int WINDOWS_PER_DECODE = 4;

    private BertTokenizer tokenizer;
    private boolean closed;

    /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
    public DataMediaSupport() {
        // the tokenizer is created on first use
    }

    @Override
    public float[][] readVideoViews(Path video, SimvtpConfig config, int segments, int crops) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(config, "config");
        if (segments < 1 || crops < 1) {
            throw new IllegalArgumentException(
                    "segments and crops must be at least 1, got " + segments + " and " + crops);
        }
        FrameSampler sampler = segments == 1
                ? new CentreViewSampler(config.numFrames(), TEST_STRIDE)
                : new TestFrameSampler(config.numFrames(), TEST_STRIDE, segments);
        ClipTransform transform =
                crops == 1 ? centreCrop(config.imageSize()) : ClipTransform.test(config.imageSize(), crops);
        List<ClipTensor> views =
                media(video, () -> ClipReader.readViews(video, sampler, transform, new SplittableRandom(0)));
        float[][] out = new float[views.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = views.get(i).data();
        }
        return out;
    }

    @Override
    public void readVideoWindows(
            Path video, SimvtpConfig config, double windowSeconds, double strideSeconds, Consumer<TimedClip> sink) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sink, "sink");
        if (!(windowSeconds >= 0) || !(strideSeconds >= 0)) {
            throw new IllegalArgumentException(
                    "window and stride must be >= 0 seconds, got " + windowSeconds + " and " + strideSeconds);
        }
        ClipTransform crop = centreCrop(config.imageSize());
        try (VideoDecoder decoder = media(video, () -> VideoDecoder.open(video))) {
            double fps = decoder.info().fps();
            double window =
                    windowSeconds > 0 ? windowSeconds : TimeWindows.clipSpan(config.numFrames(), TEST_STRIDE, fps);
            double stride = strideSeconds > 0 ? strideSeconds : window;
            List<TimeWindows.Window> windows =
                    TimeWindows.plan(decoder.frameTimes(), fps, config.numFrames(), window, stride);
            for (int from = 0; from < windows.size(); from += WINDOWS_PER_DECODE) {
                List<TimeWindows.Window> group =
                        windows.subList(from, Math.min(windows.size(), from + WINDOWS_PER_DECODE));
                List<ClipTensor> clips = media(video, () -> decodeGroup(decoder, group, crop));
                for (int i = 0; i < group.size(); i++) {
                    TimeWindows.Window w = group.get(i);
                    sink.accept(new TimedClip(
                            w.index(), w.start(), w.end(), clips.get(i).data()));
                }
            }
        }
    }

    /** Windows decoded in one call (the decoder reads forward through them), then cropped and normalised. */
    private static List<ClipTensor> decodeGroup(
            VideoDecoder decoder, List<TimeWindows.Window> group, ClipTransform crop) {
        int t = group.get(0).frames().length;
        int[] all = new int[group.size() * t];
        for (int i = 0; i < group.size(); i++) {
            System.arraycopy(group.get(i).frames(), 0, all, i * t, t);
        }
        DecodedClip frames = decoder.decode(all);
        List<ClipTensor> out = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            out.addAll(crop.apply(frames.subClip(i * t, (i + 1) * t), null));
        }
        return out;
    }

    /** Runs a decoding step, turning its failures into a {@link MediaException} naming the file. */
    private static <T> T media(Path video, Supplier<T> step) {
        try {
            return step.get();
        } catch (VideoDecodeException e) {
            throw new MediaException(video, e.getMessage(), e);
        } catch (IllegalArgumentException e) { // e.g. a stream without frames, frames too small to crop
            throw new MediaException(video, "Cannot use video '" + video + "': " + e.getMessage(), e);
        }
    }

    /** Short side resized to {@code size}, then the centred {@code size × size} square, then normalisation. */
    private static ClipTransform centreCrop(int size) {
        TestResizeCrop resize = new TestResizeCrop(size, 2);
        return (clip, rng) -> {
            DecodedClip resized = resize.resizeShortSide(clip);
            int w = resized.width();
            int h = resized.height();
            DecodedClip square = resized.crop((w - size) / 2, (h - size) / 2, size, size);
            List<ClipTensor> out = new ArrayList<>(1);
            out.add(ImageNetNormalize.imagenet().apply(square));
            return out;
        };
    }

    @Override
    public TokenizedText tokenize(List<String> captions) {
        TokenBatch batch = tokenizer().encodeBatch(captions);
        return new TokenizedText(batch.ids(), batch.attentionMask());
    }

    @Override
    public String decodeTokens(long[] ids) {
        return tokenizer().decode(ids);
    }

    @Override
    public String token(long id) {
        return tokenizer().token(id);
    }

    @Override
    public int vocabSize() {
        return BertTokenizer.VOCAB_SIZE;
    }

    private synchronized BertTokenizer tokenizer() {
        if (closed) {
            throw new IllegalStateException("DataMediaSupport is closed");
        }
        if (tokenizer == null) {
            tokenizer = BertTokenizer.create();
        }
        return tokenizer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }
}
