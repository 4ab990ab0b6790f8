package org.simvtp.train.eval;

import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps track of the best checkpoint by a retrieval score on one held-out split: text→video R@1 on
 * {@link EvaluationSplit#VAL} by default. Results offered for another split are ignored, so evaluating on both
 * splits every epoch cannot leak test scores into the choice unless {@link EvaluationSplit#TEST} is chosen
 * explicitly (the reference's behaviour, spec §11 item 11; a warning is logged). Not thread-safe.
 *
 * <pre>{@code
 * BestCheckpointSelector selector = new BestCheckpointSelector();
 * if (selector.offer(step, EvaluationSplit.VAL, evaluator.evaluate(valItems))) {
 *     trainer.saveCheckpoint(); // new best
 * }
 * selector.best().ifPresent(b -> System.out.println("best step " + b.step() + ": R@1 " + b.score()));
 * }</pre>
 */
public final class BestCheckpointSelector {

    private static final Logger LOG = LoggerFactory.getLogger(BestCheckpointSelector.class);

    /**
     * The best result so far.
     *
     * @param step the training step of the checkpoint
     * @param score its metric value
     * @param result its full result
     */
    public record Best(long step, double score, RetrievalResult result) {}

    private final EvaluationSplit split;
    private final String metricName;
    private final ToDoubleFunction<RetrievalResult> metric;
    private Best best;

    /** Text→video R@1 on the validation split. */
    public BestCheckpointSelector() {
        this(builder());
    }

    private BestCheckpointSelector(Builder b) {
        split = b.split;
        metricName = b.metricName;
        metric = b.metric;
        if (split == EvaluationSplit.TEST) {
            LOG.warn("the best checkpoint is selected on the TEST split, as the reference does (spec §11 item 11);"
                    + " test scores of the selected checkpoint are then optimistic");
        }
    }

    /** A builder: VAL split, text→video R@1, higher is better. */
    public static Builder builder() {
        return new Builder();
    }

    /** The split selection uses. */
    public EvaluationSplit split() {
        return split;
    }

    /** Name of the metric (for logs). */
    public String metricName() {
        return metricName;
    }

    /**
     * Offers an evaluation result.
     *
     * @param step the checkpoint's training step
     * @param evaluatedOn the split the result was computed on
     * @param result the result
     * @return true when the result is on the selection split and strictly better than every earlier one
     */
    public boolean offer(long step, EvaluationSplit evaluatedOn, RetrievalResult result) {
        Objects.requireNonNull(result, "result");
        if (evaluatedOn != split) {
            return false;
        }
        double score = metric.applyAsDouble(result);
        if (best == null || score > best.score()) {
            best = new Best(step, score, result);
            LOG.info("new best checkpoint at step {}: {} {} on {}", step, metricName, score, split);
            return true;
        }
        return false;
    }

    /** The best result so far, if any was offered on the selection split. */
    public Optional<Best> best() {
        return Optional.ofNullable(best);
    }

    /** Builder of {@link BestCheckpointSelector}. */
    public static final class Builder {
        private EvaluationSplit split = EvaluationSplit.VAL;
        private String metricName = "t2v R@1";
        private ToDoubleFunction<RetrievalResult> metric =
                r -> r.report().textToVideo().r1();

        private Builder() {}

        /** The selection split (default VAL; TEST only to reproduce the reference). */
        public Builder optSplit(EvaluationSplit value) {
            split = Objects.requireNonNull(value, "split");
            return this;
        }

        /** Another metric, higher is better (default text→video R@1). */
        public Builder optMetric(String name, ToDoubleFunction<RetrievalResult> value) {
            metricName = Objects.requireNonNull(name, "name");
            metric = Objects.requireNonNull(value, "metric");
            return this;
        }

        /** Builds the selector. */
        public BestCheckpointSelector build() {
            return new BestCheckpointSelector(this);
        }
    }
}
