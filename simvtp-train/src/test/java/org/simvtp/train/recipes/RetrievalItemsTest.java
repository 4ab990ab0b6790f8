package org.simvtp.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.train.eval.RetrievalItem;

class RetrievalItemsTest {

    @Test
    void groupsCaptionsByVideoInFileOrderAndCutsToTheSmallestCount() {
        List<VideoTextRecord> records = List.of(
                new VideoTextRecord(Path.of("b.mp4"), "b1", "b"),
                new VideoTextRecord(Path.of("a.mp4"), "a1", "a"),
                new VideoTextRecord(Path.of("b.mp4"), "b2", "b"),
                new VideoTextRecord(Path.of("a.mp4"), "a2", "a"),
                new VideoTextRecord(Path.of("b.mp4"), "b3", "b"));
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<RetrievalItem> items =
                RetrievalItems.fromRecords(records, new PrintStream(warnings, true, StandardCharsets.UTF_8));
        assertEquals(
                List.of("b", "a"), items.stream().map(RetrievalItem::videoId).toList());
        assertEquals(List.of("b1", "b2"), items.get(0).captions());
        assertEquals(List.of("a1", "a2"), items.get(1).captions());
        assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("2 to 3 captions"));
    }
}
