package org.simvtp.train.eval;

/**
 * The part of a data set a video belongs to (see {@link VideoSplitter}).
 *
 * <pre>{@code
 * if (splitter.assign(videoId) == DataSplit.TRAIN) { ... }
 * }</pre>
 */
public enum DataSplit {
    /** Used for training. */
    TRAIN,
    /** Held out for model selection. */
    VAL,
    /** Held out for the final report. */
    TEST
}
