package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.util.List;

/**
 * Java code that stands in for an allow-listed Python global when a pickle calls it
 * ({@code REDUCE}, {@code NEWOBJ}); it receives plain data and must return plain data.
 *
 * <p>Throw {@link IllegalArgumentException} for unexpected arguments: the unpickler turns it into
 * a {@link CheckpointFormatException} naming the file and byte offset.
 *
 * <pre>{@code
 * PickleCallable complex = args -> List.of(args.get(0), args.get(1));
 * }</pre>
 */
@FunctionalInterface
public interface PickleCallable {

    /**
     * Calls the stand-in.
     *
     * @param args the positional arguments (a Python tuple), never {@code null}
     * @return the resulting object (may be {@code null} for Python {@code None})
     * @throws IOException if a referenced file part cannot be read
     */
    Object call(List<Object> args) throws IOException;
}
