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
     * Builds the index from per-packet timestamps (in decode order) and keyframe flags.
     *
     * @param timestamps packet timestamps ({@code Long.MIN_VALUE} = missing)
     * @param keyFlags whether each packet is a keyframe
     * @param count number of packets
     * @return the index
     */
    static FrameIndex build(long[] timestamps, boolean[] keyFlags, int count) {
        long[] ts = Arrays.copyOf(timestamps, count);
        boolean usable = true;
        for (long t : ts) {
            if (t == Long.MIN_VALUE) {
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
