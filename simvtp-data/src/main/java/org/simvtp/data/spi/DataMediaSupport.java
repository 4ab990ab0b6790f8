package org.simvtp.data.spi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.spi.MediaException;
import org.simvtp.core.spi.MediaSupport;
import org.simvtp.core.spi.TokenizedText;
import org.simvtp.data.ClipReader;
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.sampling.TestFrameSampler;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.text.TokenBatch;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.transform.ImageNetNormalize;
import org.simvtp.data.transform.TestResizeCrop;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoDecodeException;

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
        List<ClipTensor> views;
        try {
            views = ClipReader.readViews(video, sampler, transform, new SplittableRandom(0));
        } catch (VideoDecodeException e) {
            throw new MediaException(video, e.getMessage(), e);
        } catch (IllegalArgumentException e) { // e.g. a stream without frames, frames too small to crop
            throw new MediaException(video, "Cannot use video '" + video + "': " + e.getMessage(), e);
        }
        float[][] out = new float[views.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = views.get(i).data();
        }
        return out;
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
