package org.simvtp.models.checkpoint;

import java.io.IOException;

/**
 * Resolves a pickle persistent id ({@code PERSID}, {@code BINPERSID}) to an object; torch uses it
 * for tensor storages kept outside the pickle.
 *
 * <pre>{@code
 * PersistentLoader loader = pid -> archive.storage((List<Object>) pid);
 * }</pre>
 */
@FunctionalInterface
public interface PersistentLoader {

    /**
     * Resolves a persistent id.
     *
     * @param persistentId the id as plain data (for torch a tuple starting with {@code "storage"})
     * @return the object it stands for
     * @throws IOException if the id is invalid or its data cannot be read
     */
    Object load(Object persistentId) throws IOException;
}
