package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;
import org.simvtp.models.nn.Layers;

/**
 * The four SimVTP training losses as plain functions of tensors (spec §4). Half-precision inputs are upcast to
 * float32 first ({@link Layers#upcast}), so logits, softmax and the loss are always float32; float32 inputs are
 * used as they are.
 *
 * <pre>{@code
 * NDArray lossT = Losses.maskedLanguageModel(mlmLogits, labels); // ignore index −100
 * NDArray lossVtc = Losses.normSoftmax(similarity, 0.05);
 * }</pre>
 */
public final class Losses {

    /** Label value ignored by {@link #maskedLanguageModel}. */
    public static final long IGNORE_INDEX = -100;

    private Losses() {}

    /**
     * Cross-entropy of token logits [B, L, V] against labels [B, L] (int64), averaged over the labels that are
     * not {@link #IGNORE_INDEX}. Like PyTorch, a batch with no selected token gives NaN (0 / 0).
     */
    public static NDArray maskedLanguageModel(NDArray logits, NDArray labels) {
        NDArray valid = labels.neq(IGNORE_INDEX);
        NDArray safeLabels = labels.mul(valid.toType(labels.getDataType(), false));
        NDArray picked = Layers.upcast(logits)
                .logSoftmax(-1)
                .gather(safeLabels.expandDims(-1), -1)
                .squeeze(-1);
        NDArray weights = valid.toType(picked.getDataType(), false);
        return picked.mul(weights).sum().neg().div(weights.sum());
    }

    /** Mean squared error over every element, as the reference's pixel reconstruction loss. */
    public static NDArray meanSquaredError(NDArray prediction, NDArray target) {
        return Layers.upcast(prediction).sub(Layers.upcast(target)).square().mean();
    }

    /**
     * Cosine-similarity matrix with the reference's clamp: {@code a·b / (max(|a|, 1e−8) · max(|b|, 1e−8))}.
     *
     * @param rows [R, D], e.g. text features
     * @param columns [C, D], e.g. video features
     * @return [R, C]
     */
    public static NDArray cosineSimilarity(NDArray rows, NDArray columns) {
        NDArray r = Layers.upcast(rows);
        NDArray c = Layers.upcast(columns);
        NDArray a = r.div(r.norm(new int[] {1}, true).maximum(Layers.scalar(r, 1e-8)));
        NDArray b = c.div(c.norm(new int[] {1}, true).maximum(Layers.scalar(c, 1e-8)));
        return a.matMul(b.transpose());
    }

    /**
     * Frozen-in-Time's NormSoftmax loss on a square similarity matrix (rows = texts, columns = videos, pairs on
     * the diagonal): the SUM of the text→video and video→text InfoNCE terms at temperature {@code tau}.
     */
    public static NDArray normSoftmax(NDArray similarity, double tau) {
        NDArray sim = Layers.upcast(similarity);
        return normSoftmaxOfLogits(sim.div(Layers.scalar(sim, tau)));
    }

    /**
     * {@link #normSoftmax(NDArray, double)} with a tensor temperature (e.g. a learnable one, [1] or scalar), through
     * which gradients flow.
     */
    public static NDArray normSoftmax(NDArray similarity, NDArray tau) {
        NDArray sim = Layers.upcast(similarity);
        return normSoftmaxOfLogits(sim.div(Layers.upcast(tau)));
    }

    private static NDArray normSoftmaxOfLogits(NDArray logits) {
        NDArray rowTerm = logits.logSoftmax(1).diagonal().mean();
        NDArray columnTerm = logits.transpose().logSoftmax(1).diagonal().mean();
        return rowTerm.add(columnTerm).neg();
    }

    /** Mean cross-entropy of logits [N, K] against class indices [N] (int64). */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return Layers.upcast(logits)
                .logSoftmax(-1)
                .gather(labels.expandDims(-1), -1)
                .mean()
                .neg();
    }
}
