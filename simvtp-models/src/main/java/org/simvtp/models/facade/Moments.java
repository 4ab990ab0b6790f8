package org.simvtp.models.facade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns ranked window hits into distinct moments: windows of the same video whose time ranges overlap or touch
 * are merged into one hit spanning them all, scored by the best of them.
 *
 * <p>Hits are taken best first. A hit touching one or more moments found so far joins them (and bridges them when
 * it touches several); any other hit starts a new moment, unless {@code k} moments exist already, which ends the
 * merge. So the result holds up to {@code k} moments, each reported with the range of all its matching windows.
 *
 * <pre>{@code
 * List<SearchHit> moments = Moments.merge(rankedWindows, 5);
 * }</pre>
 */
final class Moments {

    /** Ranges closer than this (seconds) count as touching. */
    static final double TOUCH = 1e-3;

    private Moments() {}

    /**
     * Merges ranked window hits.
     *
     * @param ranked window hits, best first
     * @param k the most moments to return
     * @return the moments, best first (ties by video, then start)
     */
    static List<SearchHit> merge(Iterable<SearchHit> ranked, int k) {
        List<SearchHit> moments = new ArrayList<>();
        for (SearchHit hit : ranked) {
            SearchHit merged = hit;
            int first = -1;
            for (int i = 0; i < moments.size(); i++) {
                SearchHit m = moments.get(i);
                if (touches(m, merged)) {
                    merged = union(m, merged);
                    if (first < 0) {
                        first = i;
                    } else {
                        moments.remove(i--);
                    }
                }
            }
            if (first >= 0) {
                moments.set(first, merged);
            } else if (moments.size() < k) {
                moments.add(hit);
            } else {
                break;
            }
        }
        moments.sort(Comparator.comparing(SearchHit::score)
                .reversed()
                .thenComparing(SearchHit::video)
                .thenComparingDouble(SearchHit::start));
        return moments;
    }

    private static boolean touches(SearchHit a, SearchHit b) {
        return a.video().equals(b.video()) && a.start() <= b.end() + TOUCH && b.start() <= a.end() + TOUCH;
    }

    private static SearchHit union(SearchHit a, SearchHit b) {
        return new SearchHit(
                a.video(), Math.min(a.start(), b.start()), Math.max(a.end(), b.end()), Math.max(a.score(), b.score()));
    }
}
