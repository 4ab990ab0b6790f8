package org.simvtp.models.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging ranked windows into distinct moments. */
class MomentsTest {

    private static final Path A = Path.of("/v/a.mp4");
    private static final Path B = Path.of("/v/b.mp4");

    private static SearchHit hit(Path video, double start, double end, double score) {
        return new SearchHit(video, start, end, (float) score);
    }

    @Test
    void touchingAndOverlappingWindowsOfOneVideoBecomeOneMoment() {
        List<SearchHit> ranked = List.of(
                hit(A, 4, 6, 0.9), // best
                hit(B, 4, 6, 0.8), // same time, other video: separate
                hit(A, 6, 8, 0.7), // touches A 4-6
                hit(A, 3, 5, 0.6), // overlaps it
                hit(A, 10, 12, 0.5), // a gap: a new moment
                hit(B, 0, 2, 0.4));
        assertEquals(
                List.of(hit(A, 3, 8, 0.9), hit(B, 4, 6, 0.8), hit(A, 10, 12, 0.5), hit(B, 0, 2, 0.4)),
                Moments.merge(ranked, 10));
    }

    @Test
    void topKIsKDistinctMomentsAndAMergeCanBridgeTwo() {
        List<SearchHit> ranked = List.of(
                hit(A, 0, 2, 0.9),
                hit(A, 4, 6, 0.8),
                hit(A, 2, 4, 0.7), // bridges the two above
                hit(B, 0, 2, 0.6),
                hit(A, 6, 8, 0.5), // extends the moment even though two exist
                hit(B, 8, 10, 0.4)); // would be a third: stops
        assertEquals(List.of(hit(A, 0, 8, 0.9), hit(B, 0, 2, 0.6)), Moments.merge(ranked, 2));
        // with room for one moment, A 4-6 ends the merge before anything bridges to it
        assertEquals(List.of(hit(A, 0, 2, 0.9)), Moments.merge(ranked, 1));
    }

    @Test
    void tiesAreOrderedByVideoThenStart() {
        List<SearchHit> ranked = List.of(hit(B, 0, 1, 0.5), hit(A, 5, 6, 0.5), hit(A, 1, 2, 0.5));
        assertEquals(List.of(hit(A, 1, 2, 0.5), hit(A, 5, 6, 0.5), hit(B, 0, 1, 0.5)), Moments.merge(ranked, 3));
    }
}
