package org.simvtp.examples.cli;

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
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults())) {
            VideoIndex idx = StoredIndex.open(simvtp, index);
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
