package org.simvtp.examples.cli;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.models.facade.IndexFailure;
import org.simvtp.models.facade.IndexUpdate;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.models.facade.VideoIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simvtp index}: builds or updates a searchable index of a video folder. */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description = {
            "Build or update the search index of a folder of videos: new and changed files are "
                    + "embedded, removed ones dropped; files that cannot be decoded are listed and skipped.",
            "Exit codes: 0 done (also when some files failed), 2 bad usage, 3 missing folder or unreadable "
                    + "checkpoint, 4 internal error."
        })
final class IndexCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Folder of videos (recursive).")
    Path videos;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Where the index is stored.")
    Path index;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(videos)) {
            throw new FileNotFoundException("video folder " + videos + " does not exist");
        }
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults())) {
            VideoIndex idx = VideoIndex.open(simvtp, videos, index);
            IndexUpdate u = idx.update();
            System.out.printf(
                    "indexed %d videos in %s: %d embedded, %d removed, %d unchanged, %d failed%n",
                    idx.size(),
                    idx.indexDirectory(),
                    u.embedded().size(),
                    u.removed().size(),
                    u.unchanged(),
                    u.failed().size());
            for (IndexFailure f : u.failed()) {
                System.out.println("failed: " + f.video() + ": " + f.message());
            }
        }
        return 0;
    }
}
