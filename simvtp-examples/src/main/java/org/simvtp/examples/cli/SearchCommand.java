package org.simvtp.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.models.facade.VideoIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvtp search}: the videos of an index that best match a caption. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Search an index built by 'simvtp index' with a caption; prints rank, cosine score and file, "
                    + "best first.",
            "Exit codes: 0 done, 2 bad usage, 3 missing/empty index (or one built with another model), "
                    + "4 internal error."
        })
final class SearchCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder.")
    Path index;

    @Option(names = "--query", required = true, paramLabel = "TEXT", description = "The caption to search for.")
    String query;

    @Option(
            names = {"-k", "--top"},
            defaultValue = "5",
            paramLabel = "K",
            description = "Number of results (default ${DEFAULT-VALUE}).")
    int k;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Usage.require(spec, k >= 1, "--top must be at least 1, got " + k);
        Path manifest = index.resolve(VideoIndex.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new FileNotFoundException("no index in " + index + " (" + manifest + " is missing); build one "
                    + "with 'simvtp index --videos DIR --index " + index + "'");
        }
        JsonObject stored = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                .getAsJsonObject();
        Path folder = Path.of(stored.get("folder").getAsString());
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults())) {
            VideoIndex idx = VideoIndex.open(simvtp, folder, index);
            if (idx.size() == 0) {
                throw new IllegalArgumentException("the index in " + index + " holds no videos for this model ("
                        + simvtp.modelId() + "; the index was built with "
                        + stored.get("model").getAsString()
                        + "); run 'simvtp index' with the same --checkpoint");
            }
            List<SearchHit> hits = idx.search(query, k);
            System.out.println("top " + hits.size() + " of " + idx.size() + " videos for \"" + query + "\":");
            for (int i = 0; i < hits.size(); i++) {
                System.out.printf(
                        Locale.ROOT,
                        "%3d  %.4f  %s%n",
                        i + 1,
                        hits.get(i).score(),
                        hits.get(i).video());
            }
        }
        return 0;
    }
}
