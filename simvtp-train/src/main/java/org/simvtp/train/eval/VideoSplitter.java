package org.simvtp.train.eval;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits records into train / validation / test by a seeded hash of their video id, so that every caption of a
 * video lands in the same split, the assignment of one video never depends on the others, and the same seed gives
 * the same split on every machine and JVM. The hash is SHA-256 of the seed (8 bytes, big-endian) followed by the
 * UTF-8 id; its first 53 bits give {@code u ∈ [0, 1)}: {@code u < test} → TEST, {@code u < test + val} → VAL,
 * otherwise TRAIN. Split sizes therefore match the fractions only in expectation.
 *
 * <pre>{@code
 * VideoSplitter splitter = VideoSplitter.builder().optSeed(42).optValFraction(0.05).optTestFraction(0.05).build();
 * Map<DataSplit, List<Caption>> parts = splitter.split(records, Caption::videoId);
 * }</pre>
 */
public final class VideoSplitter {

    private final long seed;
    private final double valFraction;
    private final double testFraction;

    private VideoSplitter(Builder b) {
        seed = b.seed;
        valFraction = b.valFraction;
        testFraction = b.testFraction;
    }

    /** A builder: seed 0, 5 % validation, 5 % test. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The split of one video.
     *
     * @param videoId the video id
     * @return its split
     */
    public DataSplit assign(String videoId) {
        double u = unit(videoId);
        if (u < testFraction) {
            return DataSplit.TEST;
        }
        return u < testFraction + valFraction ? DataSplit.VAL : DataSplit.TRAIN;
    }

    /**
     * Partitions records, keeping their order within each split.
     *
     * @param records the records (several may share a video)
     * @param videoId the video id of a record
     * @param <T> the record type
     * @return a list for each of TRAIN, VAL and TEST (possibly empty)
     */
    public <T> Map<DataSplit, List<T>> split(Collection<T> records, Function<T, String> videoId) {
        Map<DataSplit, List<T>> out = new EnumMap<>(DataSplit.class);
        for (DataSplit s : DataSplit.values()) {
            out.put(s, new ArrayList<>());
        }
        for (T r : records) {
            out.get(assign(videoId.apply(r))).add(r);
        }
        return out;
    }

    /** The id's position in [0, 1). */
    double unit(String videoId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            byte[] digest = sha.digest(videoId.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
            return bits * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "VideoSplitter{seed=" + seed + ", val=" + valFraction + ", test=" + testFraction + "}";
    }

    /** Builder of {@link VideoSplitter}. */
    public static final class Builder {
        private long seed;
        private double valFraction = 0.05;
        private double testFraction = 0.05;

        private Builder() {}

        /** Seed of the hash (default 0). */
        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        /** Expected fraction of videos in VAL (default 0.05). */
        public Builder optValFraction(double value) {
            valFraction = value;
            return this;
        }

        /** Expected fraction of videos in TEST (default 0.05). */
        public Builder optTestFraction(double value) {
            testFraction = value;
            return this;
        }

        /** Validates (fractions ≥ 0, sum ≤ 1) and builds. */
        public VideoSplitter build() {
            if (!(valFraction >= 0 && testFraction >= 0 && valFraction + testFraction <= 1)) {
                throw new IllegalArgumentException(
                        "need val, test >= 0 and val + test <= 1, got val " + valFraction + ", test " + testFraction);
            }
            return new VideoSplitter(this);
        }
    }
}
