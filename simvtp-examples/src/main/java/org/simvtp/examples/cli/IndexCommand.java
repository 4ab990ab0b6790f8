package org.simvtp.examples.cli;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.models.facade.IndexFailure;
import org.simvtp.models.facade.IndexOptions;
import org.simvtp.models.facade.IndexUpdate;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.models.facade.VideoIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvtp index}: builds or updates a searchable index of the moments of a video folder. */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description = {
            "Build or update the search index of a folder of videos: every video is cut into time windows "
                    + "(default: the model's clip span, no overlap) and each window embedded; new and changed "
                    + "files are embedded, removed ones dropped; files that cannot be decoded are listed and "
                    + "skipped. Progress goes to stderr; an interrupted run continues where it stopped.",
            "Exit codes: 0 done (also when some files failed), 2 bad usage, 3 missing folder, unreadable "
                    + "checkpoint or damaged index (remove the index folder to rebuild it), 4 internal error."
        })
final class IndexCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Folder of videos (recursive).")
    Path videos;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Where the index is stored.")
    Path index;

    @Option(
            names = "--window",
            paramLabel = "SECONDS",
            description = "Window length in seconds (default: the model's clip span, frames x 4 / fps).")
    double window;

    @Option(
            names = "--stride",
            paramLabel = "SECONDS",
            description = "Distance between window starts in seconds (default: the window length).")
    double stride;

    @Option(
            names = "--export",
            paramLabel = "FILE.jsonl",
            description = "Also write every window as a JSON line {video, start, end, model, vector}.")
    Path export;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IndexOptions options = Usage.build(spec, () -> IndexOptions.builder()
                .optWindowSeconds(window)
                .optStrideSeconds(stride)
                .optProgress(new IndexProgressLine(System.err, 10, System::nanoTime))
                .build());
        if (!Files.isDirectory(videos)) {
            throw new FileNotFoundException("video folder " + videos + " does not exist");
        }
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults());
                VideoIndex idx = VideoIndex.open(simvtp, videos, index, options)) {
            IndexUpdate u = idx.update();
            System.out.printf(
                    "indexed %d videos (%d windows) in %s: %d embedded, %d removed, %d unchanged, %d failed%n",
                    idx.size(),
                    idx.rowCount(),
                    idx.indexDirectory(),
                    u.embedded().size(),
                    u.removed().size(),
                    u.unchanged(),
                    u.failed().size());
            for (IndexFailure f : u.failed()) {
                System.out.println("failed: " + f.video() + ": " + f.message());
            }
            if (export != null) {
                int rows = RowExport.write(idx, export);
                System.out.println("exported " + rows + " windows to " + export);
            }
        }
        return 0;
    }
}
