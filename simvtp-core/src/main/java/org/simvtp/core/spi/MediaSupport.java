package org.simvtp.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.simvtp.core.SimvtpConfig;

/**
 * Video decoding and caption tokenisation for modules that do not depend on {@code simvtp-data}.
 *
 * <p>Found with {@link java.util.ServiceLoader}: {@code simvtp-data} registers
 * {@code org.simvtp.data.spi.DataMediaSupport} in {@code META-INF/services/org.simvtp.core.spi.MediaSupport}.
 * Each {@code ServiceLoader} iteration creates a new instance; its owner closes it. Implementations must be
 * thread-safe.
 *
 * <pre>{@code
 * try (MediaSupport media = ServiceLoader.load(MediaSupport.class).findFirst().orElseThrow()) {
 *     float[][] views = media.readVideoViews(Path.of("clip.mp4"), SimvtpConfig.vitBase(), 1, 1); // 1 view
 *     TokenizedText text = media.tokenize(List.of("a man plays the guitar"));
 * }
 * }</pre>
 */
public interface MediaSupport extends AutoCloseable {

    /**
     * Reads the test-time views of a video (spec §5.2): every 4th frame, short side resized to
     * {@code config.imageSize()}, {@code segments} temporal windows of {@code config.numFrames()} frames times
     * {@code crops} square crops along the long side, ImageNet-normalised. With one segment the centre window is
     * taken, with one crop the centre crop.
     *
     * @param video the video file
     * @param config gives the frame count and the image size
     * @param segments temporal views S, at least 1
     * @param crops spatial views C, at least 1
     * @return {@code S·C} views (segment-major), each {@code [3, T, H, W]} flattened, H = W = imageSize
     * @throws MediaException if the file cannot be decoded
     */
    float[][] readVideoViews(Path video, SimvtpConfig config, int segments, int crops);

    /**
     * Reads a video as consecutive time windows, one centre-cropped view per window, and hands them to
     * {@code sink} in time order while decoding (the whole video is never held in memory).
     *
     * <p>Windows start every {@code strideSeconds} from the first frame; the last one is moved back to end at the
     * video's end, and a video shorter than a window gives one window covering all of it. Each window's
     * {@code config.numFrames()} frames are spread evenly over the frames whose timestamps fall into it. With
     * {@code windowSeconds == 0} a window is the model's clip span, {@code numFrames × 4} frames (the test sampling
     * stride) at the video's frame rate; with {@code strideSeconds == 0} the stride equals the window.
     *
     * @param video the video file
     * @param config gives the frame count and the image size
     * @param windowSeconds window length in seconds, or 0 for the clip span
     * @param strideSeconds distance between window starts in seconds, or 0 for the window length
     * @param sink receives the windows in order
     * @throws MediaException if the file cannot be decoded
     */
    void readVideoWindows(
            Path video, SimvtpConfig config, double windowSeconds, double strideSeconds, Consumer<TimedClip> sink);

    /**
     * Tokenises captions as the reference does (spec §2): bert-base-uncased WordPiece, {@code [CLS] ... [SEP]},
     * padded to the longest caption of the batch, truncated at 512.
     *
     * @param captions at least one caption
     * @return ids and attention mask
     */
    TokenizedText tokenize(List<String> captions);

    /**
     * Decodes ids to text: special tokens dropped, word pieces joined.
     *
     * @param ids token ids
     * @return the text
     */
    String decodeTokens(long[] ids);

    /**
     * The vocabulary entry of one id, e.g. {@code "guitar"}, {@code "##balls"} or {@code "[CLS]"}.
     *
     * @param id a token id in {@code [0, vocabSize())}
     * @return the entry
     */
    String token(long id);

    /**
     * Size of the tokenizer's vocabulary.
     *
     * @return the size (30522 for bert-base-uncased)
     */
    int vocabSize();

    /** Releases native resources; no other method may be called afterwards. */
    @Override
    void close();
}
