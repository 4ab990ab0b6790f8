package org.simvtp.train.distributed;

/**
 * Thrown when multi-process training is requested but the Gloo JNI shim cannot be loaded: the shim was not
 * built (no {@code g++} or {@code libgloo-dev} at build time) or Debian's {@code libgloo0} is missing at run time.
 *
 * <pre>{@code
 * try {
 *     group = GlooProcessGroup.connect(config);
 * } catch (GlooUnavailableException e) {
 *     System.err.println(e.getMessage());   // says what to install
 * }
 * }</pre>
 */
public final class GlooUnavailableException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing and what to install
     * @param cause the underlying load error, may be null
     */
    public GlooUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
