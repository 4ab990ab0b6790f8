package org.simvtp.data.video;

import java.util.Arrays;

/**
 * Presentation-order index of a video stream built from its packets: sorted timestamps and keyframe positions.
 * Package-private helper of {@link VideoDecoder}.
 */
final class FrameIndex {
    private final long[] sortedTimestamps;
    private final int[] keyPositions;
    private final boolean timestampsUsable;

    private FrameIndex(long[] sortedTimestamps, int[] keyPositions, boolean timestampsUsable) {
        this.sortedTimestamps = sortedTimestamps;
        this.keyPositions = keyPositions;
        this.timestampsUsable = timestampsUsable;
    }

    /**
     * Builds the index from per-packet timestamps (in decode order) and keyframe flags. Timestamps are
     * <em>trusted</em> (usable to number and seek) only when every packet has one, they are unique, packets without
     * a presentation timestamp occur only in streams without frame reordering ({@code reorderDelay == 0}), and a
     * decoder that reorders by at most {@code reorderDelay} frames would emit them in increasing order. Otherwise
     * the decoder numbers frames by output order.
     *
     * @param timestamps packet timestamps, the PTS or else the DTS ({@code Long.MIN_VALUE} = missing)
     * @param hasPts whether each packet carried a presentation timestamp (not only a decode timestamp)
     * @param keyFlags whether each packet is a keyframe
     * @param count number of packets
     * @param reorderDelay the stream's reorder delay in frames ({@code video_delay}, B-frame depth)
     * @return the index
     */
    static FrameIndex build(long[] timestamps, boolean[] hasPts, boolean[] keyFlags, int count, int reorderDelay) {
        long[] ts = Arrays.copyOf(timestamps, count);
        boolean usable = true;
        for (int i = 0; i < count; i++) {
            if (ts[i] == Long.MIN_VALUE || (!hasPts[i] && reorderDelay > 0)) {
                usable = false;
                break;
            }
        }
        if (!usable) {
            return new FrameIndex(new long[count], new int[] {0}, false);
        }
        long[] sorted = ts.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return new FrameIndex(sorted, new int[] {0}, false);
            }
        }
        if (!emittedInOrder(ts, Math.max(0, reorderDelay))) {
            return new FrameIndex(sorted, new int[] {0}, false);
        }
        int keys = 0;
        int[] keyPos = new int[count];
        for (int i = 0; i < count; i++) {
            if (keyFlags[i]) {
                keyPos[keys++] = Arrays.binarySearch(sorted, ts[i]);
            }
        }
        keyPos = Arrays.copyOf(keyPos, keys);
        Arrays.sort(keyPos);
        return new FrameIndex(sorted, keyPos, true);
    }

    /**
     * Whether a reorder buffer of {@code delay + 1} frames, fed in decode order and always emitting its smallest
     * timestamp, emits strictly increasing timestamps (timestamps that jump backwards fail this).
     */
    static boolean emittedInOrder(long[] decodeOrder, int delay) {
        if (delay >= decodeOrder.length) {
            return true;
        }
        java.util.PriorityQueue<Long> buffer = new java.util.PriorityQueue<>();
        long last = Long.MIN_VALUE;
        boolean first = true;
        for (long t : decodeOrder) {
            buffer.add(t);
            if (buffer.size() > delay) {
                long out = buffer.poll();
                if (!first && out <= last) {
                    return false;
                }
                first = false;
                last = out;
            }
        }
        while (!buffer.isEmpty()) {
            long out = buffer.poll();
            if (!first && out <= last) {
                return false;
            }
            first = false;
            last = out;
        }
        return true;
    }

    int frameCount() {
        return sortedTimestamps.length;
    }

    /** Whether every frame has a unique timestamp, so frames can be identified after a seek. */
    boolean timestampsUsable() {
        return timestampsUsable;
    }

    long timestamp(int position) {
        return sortedTimestamps[position];
    }

    long firstTimestamp() {
        return sortedTimestamps[0];
    }

    long lastTimestamp() {
        return sortedTimestamps[sortedTimestamps.length - 1];
    }

    /** Presentation position of a timestamp, or -1 when it is not in the index (or timestamps are unusable). */
    int positionOf(long timestamp) {
        if (!timestampsUsable) {
            return -1;
        }
        int i = Arrays.binarySearch(sortedTimestamps, timestamp);
        return i >= 0 ? i : -1;
    }

    /** Position of the last keyframe at or before {@code position} (0 when none is). */
    int keyframeAtOrBefore(int position) {
        int i = Arrays.binarySearch(keyPositions, position);
        if (i >= 0) {
            return keyPositions[i];
        }
        int insertion = -i - 1;
        return insertion == 0 ? 0 : keyPositions[insertion - 1];
    }
}
