package org.simvtp.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.simvtp.examples.cli.Launcher;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.VideoIndex;

/**
 * Embeds every video of a folder and searches it with a caption.
 *
 * <pre>
 * java -cp simvtp.jar org.simvtp.examples.EncodeAndSearchExample my-videos "a dog catches a frisbee" [checkpoint]
 * </pre>
 */
public final class EncodeAndSearchExample {

    private EncodeAndSearchExample() {}

    /**
     * Indexes {@code videos} (the index is kept in {@code videos/.simvtp-index}, so a second run only embeds new
     * files) and returns the {@code k} best matches of {@code query}.
     *
     * @param checkpoint a SimVTP checkpoint, or null for the official weights in ~/.simvtp
     * @param videos a folder of videos
     * @param query a caption
     * @param k number of results
     * @return the hits, best first
     * @throws IOException if the model or a folder cannot be read
     */
    public static List<SearchHit> runExample(Path checkpoint, Path videos, String query, int k) throws IOException {
        try (Simvtp simvtp = checkpoint == null ? Simvtp.pretrained() : Simvtp.load(checkpoint);
                VideoIndex index = VideoIndex.build(simvtp, videos, videos.resolve(".simvtp-index"))) {
            index.failures().forEach(f -> System.err.println("skipped " + f.video() + ": " + f.message()));
            return index.search(query, k);
        }
    }

    /**
     * Runs the example: {@code VIDEOS QUERY [CHECKPOINT]}.
     *
     * @param args the arguments
     * @throws IOException if the model or the folder cannot be read
     */
    public static void main(String[] args) throws IOException {
        Launcher.configure();
        if (args.length < 2) {
            System.err.println("usage: EncodeAndSearchExample VIDEOS QUERY [CHECKPOINT]");
            System.exit(2);
        }
        Path checkpoint = args.length > 2 ? Path.of(args[2]) : null;
        for (SearchHit hit : runExample(checkpoint, Path.of(args[0]), args[1], 5)) {
            System.out.printf("%.4f  %s  %.1f-%.1f s%n", hit.score(), hit.video(), hit.start(), hit.end());
        }
    }
}
