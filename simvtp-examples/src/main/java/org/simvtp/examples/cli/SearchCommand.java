package org.simvtp.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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

/** {@code simvtp search}: the moments of an index that best match a caption. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Search an index built by 'simvtp index' with a caption; prints rank, cosine score, file and time "
                    + "range, best first (matching windows next to each other are one moment).",
            "Exit codes: 0 done, 2 bad usage (e.g. an empty query), 3 missing, empty or damaged index (or one "
                    + "built with another model), 4 internal error."
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
            paramLabel = "N",
            description = "Number of moments (default ${DEFAULT-VALUE}).")
    int k;

    @Option(
            names = "--json",
            description = "Print {\"query\": ..., \"hits\": [{\"video\", \"start\", \"end\", \"score\"}, ...]}.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Usage.require(spec, k >= 1, "--top must be at least 1, got " + k);
        Usage.require(spec, !query.isBlank(), "--query must not be empty");
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults());
                VideoIndex idx = StoredIndex.open(simvtp, index)) {
            List<SearchHit> hits = idx.search(query, k);
            System.out.println(json ? json(idx, hits) : text(idx, hits));
        }
        return 0;
    }

    private String text(VideoIndex idx, List<SearchHit> hits) {
        StringBuilder s = new StringBuilder(
                "top " + hits.size() + " moments in " + idx.size() + " videos for \"" + query + "\":");
        for (int i = 0; i < hits.size(); i++) {
            SearchHit h = hits.get(i);
            s.append(String.format(
                    Locale.ROOT, "%n%3d  %.4f  %s  %.1f-%.1f s", i + 1, h.score(), h.video(), h.start(), h.end()));
        }
        return s.toString();
    }

    private String json(VideoIndex idx, List<SearchHit> hits) {
        JsonArray array = new JsonArray();
        for (SearchHit h : hits) {
            JsonObject o = new JsonObject();
            o.addProperty("video", h.video().toString());
            o.addProperty("start", h.start());
            o.addProperty("end", h.end());
            o.addProperty("score", h.score());
            array.add(o);
        }
        JsonObject root = new JsonObject();
        root.addProperty("query", query);
        root.addProperty("index", idx.indexDirectory().toString());
        root.add("hits", array);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root);
    }
}
