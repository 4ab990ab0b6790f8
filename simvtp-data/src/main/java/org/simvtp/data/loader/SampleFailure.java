package org.simvtp.data.loader;

/**
 * One failed attempt to load a sample.
 *
 * <pre>{@code
 * for (SampleFailure f : loader.stats().examples()) { System.err.println(f); }
 * }</pre>
 *
 * @param index sample index in the source
 * @param location the sample's file (see {@link SampleSource#describe(int)})
 * @param reason the classified cause
 * @param message the exception message
 */
public record SampleFailure(int index, String location, FailureReason reason, String message) {
    @Override
    public String toString() {
        return location + " (" + reason + ": " + message + ")";
    }
}
