package org.simvtp.data.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a video into time windows and picks each window's frames, for moment search over long videos.
 *
 * <p>Windows of {@code window} seconds start every {@code stride} seconds from frame 0; the last one is moved back
 * to end where the video ends (the time of the last frame plus one frame), so the tail is always covered, and a
 * video no longer than a window gives a single window over all of it. A window holds the frames whose presentation
 * time lies in {@code [start, end)}; {@code numFrames} of them are taken at evenly spaced positions (every
 * {@code m / numFrames}-th of the {@code m} frames, repeating frames when {@code m < numFrames}).
 *
 * <pre>{@code
 * // 12 s at 25 fps, 16-frame clips at stride 4: the clip span is 64 / 25 = 2.56 s
 * double span = TimeWindows.clipSpan(16, 4, 25);
 * List<TimeWindows.Window> w = TimeWindows.plan(frameTimes, 25, 16, span, span); // 5 windows, the last 9.44-12 s
 * }</pre>
 */
public final class TimeWindows {

    private static final double EPSILON = 1e-6;

    /**
     * One window.
     *
     * @param index position in the video, 0-based
     * @param start first second covered
     * @param end end of the covered range in seconds
     * @param frames the {@code numFrames} frame indices to decode, non-decreasing
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of indices, never compared or hashed
    public record Window(int index, double start, double end, int[] frames) {}

    private TimeWindows() {}

    /**
     * The time a model clip covers: {@code numFrames × stride / fps}.
     *
     * @param numFrames frames per clip
     * @param stride sampling stride in frames
     * @param fps frames per second (25 is assumed when not positive)
     * @return seconds
     */
    public static double clipSpan(int numFrames, int stride, double fps) {
        return numFrames * (double) stride / (fps > 0 ? fps : 25.0);
    }

    /**
     * Plans the windows of a video.
     *
     * @param frameTimes presentation time of each frame in seconds, non-decreasing, at least one
     * @param fps frame rate, for the duration of the last frame (25 when not positive)
     * @param numFrames frames per window
     * @param window window length in seconds, positive
     * @param stride distance between window starts in seconds, positive
     * @return the windows in time order
     */
    public static List<Window> plan(double[] frameTimes, double fps, int numFrames, double window, double stride) {
        FrameSampler.checkFrameCount(frameTimes.length);
        FrameSampler.checkPositive("numFrames", numFrames);
        if (!(window > 0) || !(stride > 0) || Double.isInfinite(window) || Double.isInfinite(stride)) {
            throw new IllegalArgumentException(
                    "window and stride must be positive seconds, got " + window + " and " + stride);
        }
        int n = frameTimes.length;
        double duration = frameTimes[n - 1] + 1.0 / (fps > 0 ? fps : 25.0);
        List<Window> out = new ArrayList<>();
        if (duration <= window + EPSILON) {
            out.add(new Window(0, 0, duration, spread(0, n, numFrames)));
            return out;
        }
        int count = (int) Math.ceil((duration - window) / stride - EPSILON) + 1;
        for (int i = 0; i < count; i++) {
            double start = Math.min(i * stride, duration - window);
            double end = start + window;
            int first = lowerBound(frameTimes, start - EPSILON);
            int last = lowerBound(frameTimes, end - EPSILON);
            if (first >= n) {
                first = n - 1;
            }
            out.add(new Window(i, start, end, spread(first, Math.max(last, first + 1), numFrames)));
        }
        return out;
    }

    /** {@code count} positions spread evenly over {@code [from, to)}. */
    static int[] spread(int from, int to, int count) {
        int m = to - from;
        int[] out = new int[count];
        for (int j = 0; j < count; j++) {
            out[j] = from + (int) ((long) j * m / count);
        }
        return out;
    }

    /** First position whose time is at least {@code t}. */
    private static int lowerBound(double[] times, double t) {
        int i = Arrays.binarySearch(times, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && times[i - 1] >= t) {
            i--;
        }
        return i;
    }
}
