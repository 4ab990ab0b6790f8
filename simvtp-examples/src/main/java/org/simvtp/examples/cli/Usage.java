package org.simvtp.examples.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Argument checks of the commands that picocli cannot express: a failed check is a usage error (exit code 2,
 * with the command's usage hint), raised before any file is read or any model is loaded.
 */
final class Usage {

    private Usage() {}

    /** Fails with a usage error unless {@code ok}. */
    static void require(CommandSpec spec, boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /**
     * Builds settings from option values; an {@link IllegalArgumentException} of the builder (a value out of
     * range) becomes a usage error instead of a bad-input one.
     */
    static <T> T build(CommandSpec spec, Supplier<T> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
