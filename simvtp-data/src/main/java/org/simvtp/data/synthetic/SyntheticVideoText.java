package org.simvtp.data.synthetic;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoWriter;

/**
 * Seeded generator of synthetic video-text pairs: one coloured shape (circle, square, triangle; 6 colours; small
 * or large) that moves left/right/up/down, stays still or grows, on a plain dark background, with a caption such as
 * {@code "a small red circle moves left"} (6 x 3 x 2 x 5 + 6 x 3 = 198 distinct captions). The same seed gives the
 * same samples; frames are rendered in memory.
 *
 * <pre>{@code
 * SyntheticVideoText gen = SyntheticVideoText.builder().optSeed(7).optSize(64, 64).optFrames(32).build();
 * List<SyntheticSample> samples = gen.generate(100);
 * gen.writeVideo(samples.get(0), Path.of("s0.mp4"), VideoCodec.H264);
 * }</pre>
 */
public final class SyntheticVideoText {
    private final long seed;
    private final int width;
    private final int height;
    private final int frames;
    private final int fps;

    private SyntheticVideoText(Builder b) {
        this.seed = b.seed;
        this.width = b.width;
        this.height = b.height;
        this.frames = b.frames;
        this.fps = b.fps;
    }

    /**
     * A builder with defaults: seed 0, 64 x 64, 32 frames, 8 fps.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Generates {@code count} samples; sample {@code i} depends only on the seed and {@code i}'s position.
     *
     * @param count number of samples
     * @return the samples
     */
    public List<SyntheticSample> generate(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<SyntheticSample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(sample(i, root.split()));
        }
        return out;
    }

    /**
     * Frame rate used when writing videos.
     *
     * @return frames per second
     */
    public int fps() {
        return fps;
    }

    /**
     * Writes a sample as a video file (in-process encoder, see {@link VideoWriter}).
     *
     * @param sample the sample
     * @param out output file; its extension picks the container (use {@link VideoCodec#extension()})
     * @param codec encoder
     */
    public void writeVideo(SyntheticSample sample, Path out, VideoCodec codec) {
        VideoWriter.write(sample.frames(), fps, codec, 8, out);
    }

    /**
     * Writes {@code count} samples as {@code <dir>/synthetic-NNNNN.<ext>} plus {@code <dir>/annotations.json}, a
     * JSON object mapping each absolute video path to its caption (the reference's annotation format).
     *
     * @param dir output directory (created)
     * @param count number of samples
     * @param codec encoder
     * @return the annotation file
     */
    public Path writeDataset(Path dir, int count, VideoCodec codec) {
        try {
            Files.createDirectories(dir);
            JsonObject ann = new JsonObject();
            for (SyntheticSample s : generate(count)) {
                Path video = dir.resolve(String.format("synthetic-%05d.%s", s.id(), codec.extension()))
                        .toAbsolutePath();
                writeVideo(s, video, codec);
                ann.addProperty(video.toString(), s.caption());
            }
            Path json = dir.resolve("annotations.json");
            Files.writeString(
                    json, new GsonBuilder().setPrettyPrinting().create().toJson(ann), StandardCharsets.UTF_8);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic data set to " + dir, e);
        }
    }

    private SyntheticSample sample(int id, SplittableRandom rng) {
        ShapeKind shape = pick(ShapeKind.values(), rng);
        ShapeColor color = pick(ShapeColor.values(), rng);
        Motion motion = pick(Motion.values(), rng);
        ShapeSize size = motion == Motion.GROWS ? ShapeSize.SMALL : pick(ShapeSize.values(), rng);
        String caption = "a " + size.word() + " " + color.word() + " " + shape.word() + " " + motion.phrase();
        int background = 20 + rng.nextInt(40);

        double side = Math.min(width, height);
        double r0 = size.radiusFraction() * side;
        double r1 = motion == Motion.GROWS ? ShapeSize.LARGE.radiusFraction() * side : r0;
        double rMax = Math.max(r0, r1);
        // travel: half of the free span along the motion axis; start so that the whole path stays inside
        double travelX = motion.dx() != 0 ? 0.5 * (width - 2 * rMax) : 0;
        double travelY = motion.dy() != 0 ? 0.5 * (height - 2 * rMax) : 0;
        double cx0 = rMax + rng.nextDouble() * Math.max(0, width - 2 * rMax - travelX);
        double cy0 = rMax + rng.nextDouble() * Math.max(0, height - 2 * rMax - travelY);
        if (motion.dx() < 0) {
            cx0 += travelX;
        }
        if (motion.dy() < 0) {
            cy0 += travelY;
        }
        int[] rgb = color.rgb();
        byte[] data = new byte[frames * height * width * 3];
        java.util.Arrays.fill(data, (byte) background);
        for (int f = 0; f < frames; f++) {
            double t = frames == 1 ? 0 : (double) f / (frames - 1);
            double cx = cx0 + motion.dx() * travelX * t;
            double cy = cy0 + motion.dy() * travelY * t;
            double r = r0 + (r1 - r0) * t;
            int y0 = Math.max(0, (int) Math.floor(cy - r - 1));
            int y1 = Math.min(height - 1, (int) Math.ceil(cy + r + 1));
            int x0 = Math.max(0, (int) Math.floor(cx - r - 1));
            int x1 = Math.min(width - 1, (int) Math.ceil(cx + r + 1));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    if (shape.contains(x + 0.5 - cx, y + 0.5 - cy, r)) {
                        int p = ((f * height + y) * width + x) * 3;
                        data[p] = (byte) rgb[0];
                        data[p + 1] = (byte) rgb[1];
                        data[p + 2] = (byte) rgb[2];
                    }
                }
            }
        }
        return new SyntheticSample(
                id, caption, shape, color, size, motion, DecodedClip.of(data, frames, height, width));
    }

    private static <T> T pick(T[] values, SplittableRandom rng) {
        return values[rng.nextInt(values.length)];
    }

    /** Builder of {@link SyntheticVideoText}. */
    public static final class Builder {
        private long seed;
        private int width = 64;
        private int height = 64;
        private int frames = 32;
        private int fps = 8;

        private Builder() {}

        /**
         * Sets the seed (default 0).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets the frame size (default 64 x 64; even sizes are needed to write yuv420p videos).
         *
         * @param w width
         * @param h height
         * @return this builder
         */
        public Builder optSize(int w, int h) {
            this.width = w;
            this.height = h;
            return this;
        }

        /**
         * Sets the number of frames (default 32).
         *
         * @param value frames per clip
         * @return this builder
         */
        public Builder optFrames(int value) {
            this.frames = value;
            return this;
        }

        /**
         * Sets the frame rate used when writing (default 8).
         *
         * @param value frames per second
         * @return this builder
         */
        public Builder optFps(int value) {
            this.fps = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the generator
         */
        public SyntheticVideoText build() {
            if (width < 16 || height < 16 || frames <= 0 || fps <= 0) {
                throw new IllegalArgumentException("need size >= 16x16 and positive frames/fps, got " + width + "x"
                        + height + ", " + frames + " frames, " + fps + " fps");
            }
            return new SyntheticVideoText(this);
        }
    }

    @Override
    public String toString() {
        return "SyntheticVideoText{seed=" + seed + ", " + width + "x" + height + ", frames=" + frames + ", fps=" + fps
                + '}';
    }
}
