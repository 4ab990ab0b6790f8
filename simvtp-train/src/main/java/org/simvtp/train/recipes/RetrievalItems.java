package org.simvtp.train.recipes;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.train.eval.RetrievalItem;

/**
 * Groups annotation records by video into retrieval items. The evaluator needs the same number of captions for
 * every video, so when videos have different counts each keeps its first {@code k} captions, {@code k} being the
 * smallest count (with a warning).
 *
 * <pre>{@code
 * List<RetrievalItem> items = RetrievalItems.fromRecords(records, System.err);
 * }</pre>
 */
public final class RetrievalItems {

    private RetrievalItems() {}

    /**
     * Groups records by {@link VideoTextRecord#videoId()}, in first-appearance order.
     *
     * @param records the annotation records
     * @param warnings where a caption cut is reported
     * @return one item per video
     */
    public static List<RetrievalItem> fromRecords(List<VideoTextRecord> records, PrintStream warnings) {
        Map<String, Path> videos = new LinkedHashMap<>();
        Map<String, List<String>> captions = new LinkedHashMap<>();
        for (VideoTextRecord r : records) {
            videos.putIfAbsent(r.videoId(), r.video());
            captions.computeIfAbsent(r.videoId(), k -> new ArrayList<>()).add(r.caption());
        }
        int min = captions.values().stream().mapToInt(List::size).min().orElse(0);
        int max = captions.values().stream().mapToInt(List::size).max().orElse(0);
        if (min != max) {
            warnings.println("warning: videos have " + min + " to " + max + " captions; evaluating the first " + min
                    + " of each");
        }
        List<RetrievalItem> items = new ArrayList<>(videos.size());
        videos.forEach((id, video) -> items.add(
                RetrievalItem.ofFile(id, video, captions.get(id).subList(0, min).toArray(String[]::new))));
        return items;
    }
}
