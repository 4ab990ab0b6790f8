package org.simvtp.train.distributed;

/** Raised by the JNI shim when a Gloo call fails; {@link GlooProcessGroup} turns it into a {@link CollectiveException}. */
final class NativeCollectiveError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NativeCollectiveError(String message) {
        super(message);
    }
}
