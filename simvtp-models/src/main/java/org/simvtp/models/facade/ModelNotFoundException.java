package org.simvtp.models.facade;

import java.io.FileNotFoundException;

/**
 * No SimVTP checkpoint was found where {@link Simvtp#pretrained()} looks; the message says which folders were
 * searched, where to put the file and which file names are accepted.
 *
 * <pre>{@code
 * try (Simvtp simvtp = Simvtp.pretrained()) { ... }
 * catch (ModelNotFoundException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class ModelNotFoundException extends FileNotFoundException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was searched and what is accepted
     */
    public ModelNotFoundException(String message) {
        super(message);
    }
}
