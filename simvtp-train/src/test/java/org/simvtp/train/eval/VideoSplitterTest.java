package org.simvtp.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoSplitterTest {

    record Caption(String videoId, String text) {}

    static List<String> ids(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("video" + i);
        }
        return out;
    }

    @Test
    void sameSeedSameSplitDifferentSeedDifferentSplit() {
        VideoSplitter a = VideoSplitter.builder().optSeed(42).build();
        VideoSplitter b = VideoSplitter.builder().optSeed(42).build();
        VideoSplitter c = VideoSplitter.builder().optSeed(43).build();
        List<DataSplit> sa = ids(2000).stream().map(a::assign).toList();
        assertEquals(sa, ids(2000).stream().map(b::assign).toList());
        assertNotEquals(sa, ids(2000).stream().map(c::assign).toList());
    }

    @Test
    void fractionsHoldInExpectationAndAVideoNeverDependsOnTheOthers() {
        VideoSplitter s = VideoSplitter.builder()
                .optSeed(1)
                .optValFraction(0.1)
                .optTestFraction(0.2)
                .build();
        Map<DataSplit, List<String>> parts = s.split(ids(20000), id -> id);
        assertEquals(20000, parts.values().stream().mapToInt(List::size).sum());
        assertEquals(0.1, parts.get(DataSplit.VAL).size() / 20000.0, 0.01);
        assertEquals(0.2, parts.get(DataSplit.TEST).size() / 20000.0, 0.01);
        Map<DataSplit, List<String>> subset = s.split(ids(100), id -> id);
        for (DataSplit split : DataSplit.values()) {
            assertTrue(parts.get(split).containsAll(subset.get(split)), "assignment is per id");
        }
    }

    @Test
    void allCaptionsOfAVideoLandTogetherInInputOrder() {
        List<Caption> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(new Caption("v" + (i % 100), "caption " + i));
        }
        Map<DataSplit, List<Caption>> parts =
                VideoSplitter.builder().optValFraction(0.3).build().split(records, Caption::videoId);
        for (DataSplit split : DataSplit.values()) {
            List<Caption> part = parts.get(split);
            for (int i = 1; i < part.size(); i++) {
                int prev = Integer.parseInt(part.get(i - 1).text().substring(8));
                assertTrue(prev < Integer.parseInt(part.get(i).text().substring(8)), "input order kept");
            }
            for (Caption cap : part) {
                long sameVideo = records.stream()
                        .filter(r -> r.videoId().equals(cap.videoId()))
                        .count();
                assertEquals(
                        sameVideo,
                        part.stream()
                                .filter(r -> r.videoId().equals(cap.videoId()))
                                .count());
            }
        }
    }

    @Test
    void fractionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> VideoSplitter.builder()
                .optValFraction(0.6)
                .optTestFraction(0.5)
                .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> VideoSplitter.builder().optValFraction(-0.1).build());
        VideoSplitter all =
                VideoSplitter.builder().optValFraction(0).optTestFraction(1).build();
        assertTrue(ids(50).stream().allMatch(id -> all.assign(id) == DataSplit.TEST));
    }
}
