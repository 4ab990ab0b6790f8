package org.simvtp.train.checkpoint;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, e.g. a payload writer for {@link AtomicFiles#write}.
 *
 * <pre>{@code
 * IOConsumer<OutputStream> writer = out -> out.write(bytes);
 * }</pre>
 *
 * @param <T> the consumed type
 */
@FunctionalInterface
public interface IOConsumer<T> {

    /**
     * Consumes a value.
     *
     * @param value the value
     * @throws IOException on I/O failure
     */
    void accept(T value) throws IOException;
}
