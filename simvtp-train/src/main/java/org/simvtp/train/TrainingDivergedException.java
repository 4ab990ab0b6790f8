package org.simvtp.train;

/** Thrown when too many consecutive steps had a non-finite loss or gradient. */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
