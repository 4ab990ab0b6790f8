package org.simvtp.train.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.ReferenceTextMasking;
import org.simvtp.core.masking.TextMaskingConfig;
import org.simvtp.core.masking.TextMaskingResult;
import org.simvtp.core.masking.TextMaskingStrategy;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.core.masking.VideoMaskingStrategy;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.text.TokenBatch;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.models.SimvtpPretrainModel;

/**
 * Turns clips and captions into a masked {@link PretrainBatch} as the reference training loop does: tokenise
 * ({@code [CLS] … [SEP]}, padded to the batch's longest caption), mask the caption (Bernoulli 0.75, all
 * selected tokens → [MASK], by default) and draw a tube mask per clip.
 *
 * <pre>{@code
 * PretrainBatchAssembler assembler = new PretrainBatchAssembler(model, tokenizer); // the model's masking
 * PretrainBatch batch = assembler.assemble(clips, captions, new SplittableRandom(seed));
 * }</pre>
 */
public final class PretrainBatchAssembler {

    private final SimvtpConfig config;
    private final BertTokenizer tokenizer;
    private final VideoMaskingStrategy videoMasking;
    private final TextMaskingStrategy textMasking;

    /** The reference masking (tube masking, Bernoulli [MASK] replacement) for {@code config}. */
    public PretrainBatchAssembler(SimvtpConfig config, BertTokenizer tokenizer) {
        this(config, tokenizer, TubeMasking.of(config), new ReferenceTextMasking(TextMaskingConfig.of(config)));
    }

    /**
     * The masking strategies {@code model} was built with ({@link SimvtpPretrainModel.Builder#optVideoMasking},
     * {@link SimvtpPretrainModel.Builder#optTextMasking}), for its geometry.
     *
     * @param model the model (need not be initialised)
     * @param tokenizer the caption tokenizer
     */
    public PretrainBatchAssembler(SimvtpPretrainModel model, BertTokenizer tokenizer) {
        this(model.config(), tokenizer, model.videoMasking(), model.textMasking());
    }

    private PretrainBatchAssembler(
            SimvtpConfig config,
            BertTokenizer tokenizer,
            VideoMaskingStrategy videoMasking,
            TextMaskingStrategy textMasking) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.videoMasking = videoMasking;
        this.textMasking = textMasking;
    }

    /**
     * Builds a batch. When the text masking selects no token in the whole batch (the reference would get a NaN
     * loss and exit), the caption masks are drawn again.
     *
     * @param clips normalised clips [3, T, H, W] matching the configuration
     * @param captions one caption per clip
     * @param random the batch's random source
     * @return the masked batch
     */
    public PretrainBatch assemble(List<ClipTensor> clips, List<String> captions, SplittableRandom random) {
        if (clips.size() != captions.size() || clips.isEmpty()) {
            throw new IllegalArgumentException(clips.size() + " clips for " + captions.size() + " captions");
        }
        int b = clips.size();
        ClipTensor first = clips.get(0);
        if (first.frames() != config.numFrames()
                || first.height() != config.imageSize()
                || first.width() != config.imageSize()) {
            throw new IllegalArgumentException("clips are " + first.frames() + "x" + first.height() + "x"
                    + first.width() + ", the model expects " + config.numFrames() + "x" + config.imageSize() + "x"
                    + config.imageSize());
        }
        int per = first.data().length;
        float[] video = new float[b * per];
        for (int i = 0; i < b; i++) {
            if (clips.get(i).data().length != per) {
                throw new IllegalArgumentException("clip " + i + " has a different size than clip 0");
            }
            System.arraycopy(clips.get(i).data(), 0, video, i * per, per);
        }
        TokenBatch tokens = tokenizer.encodeBatch(new ArrayList<>(captions));
        TextMaskingResult masked;
        int attempts = 0;
        do {
            masked = textMasking.mask(tokens.ids(), random);
        } while (!masked.hasSelection() && ++attempts < 100);
        long[] shape = {b, first.channels(), first.frames(), first.height(), first.width()};
        return new PretrainBatch(
                video,
                shape,
                videoMasking.sample(b, random),
                masked.maskedIds(),
                tokens.attentionMask(),
                masked.labels());
    }
}
