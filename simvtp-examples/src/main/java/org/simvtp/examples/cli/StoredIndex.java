package org.simvtp.examples.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import org.simvtp.models.facade.IndexOptions;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.VideoIndex;

/** Opens an index built by {@code simvtp index} (folder and window settings come from its manifest) for searching. */
final class StoredIndex {

    private StoredIndex() {}

    /**
     * The index in {@code index}, which must hold videos embedded by {@code simvtp}.
     *
     * @throws FileNotFoundException if there is no index
     * @throws IllegalArgumentException if it holds no videos for this model
     * @throws IOException if the index is damaged (the message names the file)
     */
    static VideoIndex open(Simvtp simvtp, Path index) throws IOException {
        VideoIndex idx;
        try {
            idx = VideoIndex.openExisting(simvtp, index, IndexOptions.defaults());
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(
                    e.getMessage() + "; build one with 'simvtp index --videos DIR --index " + index + "'");
        }
        if (idx.size() == 0) {
            throw new IllegalArgumentException("the index in " + index + " holds no videos for this model ("
                    + simvtp.modelId() + "; it was built with another model or by an older version); run "
                    + "'simvtp index' with the same --checkpoint");
        }
        return idx;
    }
}
