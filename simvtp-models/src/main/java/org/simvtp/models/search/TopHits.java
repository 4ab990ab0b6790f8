package org.simvtp.models.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the {@code k} best of a stream of scored keys: exact top-k for brute-force search.
 *
 * <pre>{@code
 * TopHits top = new TopHits(10);
 * for (int row = 0; row < n; row++) {
 *     float s = score(row);
 *     if (s > top.threshold()) {       // skips building keys that cannot enter
 *         top.offer(Integer.toString(row), s);
 *     }
 * }
 * List<VectorHit> best = top.toList();
 * }</pre>
 */
public final class TopHits {

    /** Best first: higher score, then smaller key. */
    static final Comparator<VectorHit> BEST_FIRST =
            Comparator.comparing(VectorHit::score).reversed().thenComparing(VectorHit::key);

    private final int k;
    private final PriorityQueue<VectorHit> heap; // worst on top

    /**
     * An empty collector.
     *
     * @param k how many hits to keep (positive)
     */
    public TopHits(int k) {
        UnitVectors.checkK(k);
        this.k = k;
        this.heap = new PriorityQueue<>(k, BEST_FIRST.reversed());
    }

    /**
     * The score a new hit must exceed to be kept for sure: negative infinity until {@code k} hits are held, then
     * the worst kept score (a hit with an equal score enters only if its key is smaller).
     *
     * @return the current threshold
     */
    public float threshold() {
        return heap.size() < k ? Float.NEGATIVE_INFINITY : heap.peek().score();
    }

    /**
     * Offers one hit.
     *
     * @param key its key
     * @param score its score
     */
    public void offer(String key, float score) {
        VectorHit hit = new VectorHit(key, score);
        if (heap.size() < k) {
            heap.add(hit);
        } else if (BEST_FIRST.compare(hit, heap.peek()) < 0) {
            heap.poll();
            heap.add(hit);
        }
    }

    /**
     * The kept hits.
     *
     * @return up to {@code k} hits, best first
     */
    public List<VectorHit> toList() {
        List<VectorHit> out = new ArrayList<>(heap);
        out.sort(BEST_FIRST);
        return out;
    }
}
