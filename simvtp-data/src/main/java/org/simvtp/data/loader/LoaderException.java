package org.simvtp.data.loader;

/**
 * The loader cannot deliver a batch: too many failed samples, a worker crashed, the caller was interrupted, or the
 * loader is closed.
 *
 * <pre>{@code
 * try { batch = loader.next(); } catch (LoaderException e) { log.error("data loading stopped", e); }
 * }</pre>
 */
public class LoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public LoaderException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened
     * @param cause the cause
     */
    public LoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
