package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.core.video.TokenGather;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.PretrainInputs;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.nn.VitEncoder;

/**
 * One pre-training forward pass as the objectives see it: the masked inputs, the encoder passes (computed once,
 * on first use or all together by {@link #run}), and quantities several objectives share (pooled features, the
 * local similarity matrix). Objectives publish tensors worth inspecting with {@link #publish}.
 *
 * <p>Pass outputs are after the encoder's final norm. In {@link ExecutionMode#EFFICIENT} the requested passes
 * are stacked into one encoder call whose linear layers are single large products, the matching positives are
 * the joint pass and the mismatched pairs reuse the caption embedding; in {@link ExecutionMode#REFERENCE} the
 * passes run one by one exactly as the reference code.
 *
 * <pre>{@code
 * NDArray sim = step.similarity();          // [B, B] cosine, rows = captions, local batch
 * NDArray joint = step.jointTokens();       // [B, Nv + L, D]
 * step.publish("my_logits", logits);        // appears in PretrainOutput#tensors()
 * }</pre>
 */
public final class PretrainStep {

    private final SimvtpPretrainModel model;
    private final PretrainInputs inputs;
    private final boolean training;
    private final Random random;
    private final FeatureGather gather;
    private final NDArray textKeyMask;
    private final Map<String, NDArray> published = new LinkedHashMap<>();
    private NDArray visible;
    private NDArray text;
    private NDArray joint;
    private NDArray video;
    private NDArray textOnly;
    private NDArray pairs;
    private NDArray negatives;
    private NDArray videoFeatures;
    private NDArray textFeatures;
    private NDArray similarity;

    /**
     * Starts a step; nothing is computed yet.
     *
     * @param model the model whose parts run the passes
     * @param inputs the masked batch (its arrays' manager receives every result)
     * @param training whether dropout and drop-path are active
     * @param random the step's random source
     * @param gather feature exchange with the other processes ({@link FeatureGather#LOCAL} for one)
     */
    public PretrainStep(
            SimvtpPretrainModel model, PretrainInputs inputs, boolean training, Random random, FeatureGather gather) {
        this.model = Objects.requireNonNull(model, "model");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.training = training;
        this.random = Objects.requireNonNull(random, "random");
        this.gather = Objects.requireNonNull(gather, "gather");
        this.textKeyMask = SimvtpPretrainModel.additiveKeyMask(inputs.attentionMask());
        this.negatives = inputs.vtmNegatives();
    }

    /** The model. */
    public SimvtpPretrainModel model() {
        return model;
    }

    /** The masked batch. */
    public PretrainInputs inputs() {
        return inputs;
    }

    /** Whether dropout and drop-path are active. */
    public boolean training() {
        return training;
    }

    /** The step's random source (seeded per step by the trainer). */
    public Random random() {
        return random;
    }

    /** Feature exchange with the other processes of the run. */
    public FeatureGather gather() {
        return gather;
    }

    /** The manager of the step's arrays. */
    public NDManager manager() {
        return inputs.video().getManager();
    }

    /** Batch size B. */
    public int batchSize() {
        return inputs.batchSize();
    }

    /** The tube mask. */
    public VideoMask videoMask() {
        return inputs.videoMask();
    }

    /** Visible video tokens per sample, Nv. */
    public int visibleCount() {
        VideoMask mask = inputs.videoMask();
        return mask.numTokens() - mask.maskedPerSample();
    }

    /** The captions' additive key mask [B, L]: 0 for tokens, −10000 for padding. */
    public NDArray textKeyMask() {
        return textKeyMask;
    }

    /** Embedded visible video tokens with their positions, before the blocks: [B, Nv, D]. */
    public NDArray visibleVideo() {
        if (visible == null) {
            visible = TokenGather.visible(model.encoder().embedVideo(inputs.video()), inputs.videoMask());
        }
        return visible;
    }

    /** The masked captions' BERT embedding, before the blocks: [B, L, D]. */
    public NDArray textEmbedding() {
        if (text == null) {
            text = model.textEmbeddings().forward(inputs.inputIds(), training);
        }
        return text;
    }

    /** {@link EncoderPass#JOINT}: [B, Nv + L, D]. */
    public NDArray jointTokens() {
        if (joint == null) {
            joint = jointPass(visibleVideo(), textEmbedding(), textKeyMask);
        }
        return joint;
    }

    /** {@link EncoderPass#VIDEO}: [B, Nv, D]. */
    public NDArray videoTokens() {
        if (video == null) {
            video = encode(visibleVideo(), null);
        }
        return video;
    }

    /** {@link EncoderPass#TEXT}: [B, L, D]. */
    public NDArray textTokens() {
        if (textOnly == null) {
            textOnly = encode(textEmbedding(), textKeyMask);
        }
        return textOnly;
    }

    /**
     * Chooses the video paired with each caption in the mismatched half of {@link EncoderPass#MATCHING}; call it
     * in {@link Objective#prepare} so the pass can be stacked with the others, or later (e.g. from similarities).
     *
     * @param negatives [B] int64, for caption i a video index j ≠ i of the batch
     * @throws IllegalStateException if the matching pass already ran with other negatives
     */
    public void setMatchingNegatives(NDArray negatives) {
        if (pairs != null) {
            throw new IllegalStateException("the matching pass already ran; choose negatives before it");
        }
        this.negatives = negatives;
    }

    /** The chosen matching negatives [B], or null when none are chosen yet. */
    public NDArray matchingNegatives() {
        return negatives;
    }

    /**
     * {@link EncoderPass#MATCHING}: B matching pairs then B mismatched pairs, [2B, Nv + L, D].
     *
     * @throws IllegalStateException when no negatives were chosen ({@link #setMatchingNegatives})
     */
    public NDArray matchingTokens() {
        if (pairs != null) {
            return pairs;
        }
        if (negatives == null) {
            throw new IllegalStateException(
                    "no matching negatives chosen: an objective must call setMatchingNegatives");
        }
        if (model.mode() == ExecutionMode.REFERENCE) {
            // the reference re-runs the encoder on 2B pairs with a fresh caption embedding
            NDArray pairVideo = NDArrays.concat(new NDList(visibleVideo(), gatherBatch(visibleVideo(), negatives)), 0);
            NDArray pairIds = NDArrays.concat(new NDList(inputs.inputIds(), inputs.inputIds()), 0);
            NDArray pairMask = NDArrays.concat(new NDList(textKeyMask, textKeyMask), 0);
            pairs = jointPass(pairVideo, model.textEmbeddings().forward(pairIds, training), pairMask);
        } else {
            NDArray mismatched = jointPass(gatherBatch(visibleVideo(), negatives), textEmbedding(), textKeyMask);
            pairs = NDArrays.concat(new NDList(jointTokens(), mismatched), 0);
        }
        return pairs;
    }

    /** Mean of {@link #videoTokens()} over tokens: [B, D]. */
    public NDArray videoFeatures() {
        if (videoFeatures == null) {
            videoFeatures = videoTokens().mean(new int[] {1});
        }
        return videoFeatures;
    }

    /** Mean of {@link #textTokens()} over all L positions, padding included (the reference): [B, D]. */
    public NDArray textFeatures() {
        if (textFeatures == null) {
            textFeatures = textTokens().mean(new int[] {1});
        }
        return textFeatures;
    }

    /** Cosine similarity of this process's captions (rows) and videos (columns): [B, B]. */
    public NDArray similarity() {
        if (similarity == null) {
            similarity = Losses.cosineSimilarity(textFeatures(), videoFeatures());
        }
        return similarity;
    }

    /** Makes a tensor of this step visible in {@code PretrainOutput#tensors()} under {@code name}. */
    public void publish(String name, NDArray value) {
        published.put(name, value);
    }

    /** Everything published so far, plus {@code joint_tokens} when the joint pass ran. */
    public Map<String, NDArray> published() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (joint != null) {
            out.put("joint_tokens", joint);
        }
        out.putAll(published);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Runs the requested passes; called by the model once all objectives were prepared. In the efficient mode
     * (without stochastic depth in training) they go through the encoder as one stack of rows; otherwise one by
     * one in the reference's order (joint, video, text, matching).
     *
     * @param passes the union of the objectives' passes
     */
    public void run(Set<EncoderPass> passes) {
        boolean matching = passes.contains(EncoderPass.MATCHING);
        boolean efficient = model.mode() == ExecutionMode.EFFICIENT;
        boolean wantJoint = passes.contains(EncoderPass.JOINT) || (matching && efficient);
        boolean wantVideo = passes.contains(EncoderPass.VIDEO);
        boolean wantText = passes.contains(EncoderPass.TEXT);
        boolean stackNegatives = efficient && matching && negatives != null;
        boolean stochasticDepth = training && model.encoder().config().dropPathRate() > 0;
        if (!efficient || stochasticDepth) {
            if (stackNegatives) {
                pairs = encode(pairInput(), pairKeyMask());
                joint = pairs.get(new NDIndex(":{}", batchSize()));
            } else if (wantJoint) {
                jointTokens();
            }
            if (wantVideo) {
                videoTokens();
            }
            if (wantText) {
                textTokens();
            }
            if (matching && negatives != null) {
                matchingTokens();
            }
            return;
        }
        List<NDArray> groups = new ArrayList<>();
        List<NDArray> masks = new ArrayList<>();
        if (wantJoint) {
            groups.add(stackNegatives ? pairInput() : NDArrays.concat(new NDList(visibleVideo(), textEmbedding()), 1));
            masks.add(stackNegatives ? pairKeyMask() : jointKeyMask(visibleVideo(), textKeyMask));
        }
        if (wantVideo) {
            groups.add(visibleVideo());
            masks.add(null);
        }
        if (wantText) {
            groups.add(textEmbedding());
            masks.add(textKeyMask);
        }
        if (groups.isEmpty()) {
            return;
        }
        VitEncoder encoder = model.encoder();
        List<NDArray> out = encoder.blocksPacked(groups, masks, training);
        int g = 0;
        if (wantJoint) {
            NDArray tokens = encoder.normTokens(out.get(g++));
            if (stackNegatives) {
                pairs = tokens;
                joint = tokens.get(new NDIndex(":{}", batchSize()));
            } else {
                joint = tokens;
            }
        }
        if (wantVideo) {
            video = encoder.normTokens(out.get(g++));
        }
        if (wantText) {
            textOnly = encoder.normTokens(out.get(g));
        }
    }

    /** [visible | caption] for the B matching pairs then the B mismatched ones: [2B, Nv + L, D]. */
    private NDArray pairInput() {
        NDArray text = textEmbedding();
        return NDArrays.concat(
                new NDList(
                        NDArrays.concat(new NDList(visibleVideo(), text), 1),
                        NDArrays.concat(new NDList(gatherBatch(visibleVideo(), negatives), text), 1)),
                0);
    }

    private NDArray pairKeyMask() {
        NDArray mask = jointKeyMask(visibleVideo(), textKeyMask);
        return NDArrays.concat(new NDList(mask, mask), 0);
    }

    /** Joint encoder pass over [video | text] with the text key mask (video tokens are never masked). */
    private NDArray jointPass(NDArray videoTokens, NDArray textTokens, NDArray textMask) {
        NDArray tokens = NDArrays.concat(new NDList(videoTokens, textTokens), 1);
        return encode(tokens, jointKeyMask(videoTokens, textMask));
    }

    /** The encoder's blocks and final norm over {@code tokens} [B, N, D] with an additive key mask or null. */
    private NDArray encode(NDArray tokens, NDArray keyMask) {
        VitEncoder encoder = model.encoder();
        return encoder.normTokens(encoder.blocks(tokens, keyMask, training));
    }

    /** The additive key mask of [video | text] sequences: 0 for every video token, then the text mask. */
    private static NDArray jointKeyMask(NDArray video, NDArray textKeyMask) {
        Shape vs = video.getShape();
        return NDArrays.concat(
                new NDList(
                        video.getManager().zeros(new Shape(vs.get(0), vs.get(1)), textKeyMask.getDataType()),
                        textKeyMask),
                1);
    }

    /** Rows {@code rows} [K] of {@code x} [B, N, D] → [K, N, D], differentiable in {@code x}. */
    private static NDArray gatherBatch(NDArray x, NDArray rows) {
        Shape s = x.getShape();
        NDArray index =
                rows.reshape(-1, 1, 1).broadcast(new Shape(rows.getShape().get(0), s.get(1), s.get(2)));
        return x.gather(index, 0);
    }
}
