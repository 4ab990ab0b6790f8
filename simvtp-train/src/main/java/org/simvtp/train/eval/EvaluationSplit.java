package org.simvtp.train.eval;

/**
 * The held-out split a checkpoint is selected on. {@link #VAL} is the default everywhere; {@link #TEST} reproduces
 * the reference, which picks its "best" fine-tuning checkpoint by test-set R@1 (spec §11 item 11) and so reports
 * optimistic test numbers.
 *
 * <pre>{@code
 * BestCheckpointSelector selector = BestCheckpointSelector.builder().optSplit(EvaluationSplit.TEST).build();
 * }</pre>
 */
public enum EvaluationSplit {
    /** Select on the validation split (default). */
    VAL,
    /** Select on the test split, as the reference (explicit opt-in). */
    TEST;

    /** The matching data split. */
    public DataSplit dataSplit() {
        return this == VAL ? DataSplit.VAL : DataSplit.TEST;
    }
}
