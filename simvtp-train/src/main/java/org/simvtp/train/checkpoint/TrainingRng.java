package org.simvtp.train.checkpoint;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The random state of a training run: a base seed and named {@link RngStream}s (data shuffling, video
 * masks, text masks, ...), saved as JSON in a checkpoint for exact resume.
 *
 * <p>Each stream's seed is derived from the base seed and the stream name, so adding a stream does
 * not change the others; its position is a counter. The reference seeds each rank with
 * {@code seed + rank}; do the same with {@code TrainingRng.create(seed + rank)}. {@link #derive} gives
 * stateless per-(purpose, index) seeds, e.g. a sampler seed per epoch or a seed for the engine's own
 * RNG ({@code Engine.getInstance().setRandomSeed}) at each step, whose internal state cannot be saved.
 *
 * <pre>{@code
 * TrainingRng rng = TrainingRng.create(0 + rank);
 * boolean[] mask = masker.sample(rng.stream("mask.video"));
 * Files.writeString(dir.resolve("rng.json"), rng.toJson());
 * TrainingRng resumed = TrainingRng.fromJson(Files.readString(dir.resolve("rng.json")));
 * }</pre>
 */
public final class TrainingRng {

    private static final String FORMAT = "simvtp-rng";
    private static final int VERSION = 1;
    private static final Gson GSON = new Gson();

    private final long seed;
    private final Map<String, RngStream> streams = new LinkedHashMap<>();

    private TrainingRng(long seed) {
        this.seed = seed;
    }

    /**
     * Creates a fresh state.
     *
     * @param seed the base seed
     * @return a state with no stream drawn yet
     */
    public static TrainingRng create(long seed) {
        return new TrainingRng(seed);
    }

    /**
     * Returns the base seed.
     *
     * @return the seed given to {@link #create(long)}
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the stream of a name, creating it at counter 0 on first use.
     *
     * @param name a non-empty stream name such as {@code data.shuffle}
     * @return the stream (the same object on every call)
     */
    public RngStream stream(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("stream name must be non-empty");
        }
        return streams.computeIfAbsent(name, n -> new RngStream(n, streamSeed(n), 0));
    }

    /**
     * Derives a seed for a purpose and an index without consuming any stream.
     *
     * @param purpose e.g. {@code sampler}
     * @param index e.g. the epoch
     * @return a well-mixed seed, a pure function of (seed, purpose, index)
     */
    public long derive(String purpose, long index) {
        return RngStream.mix64(streamSeed(purpose) + RngStream.mix64(index + RngStream.GOLDEN_GAMMA));
    }

    /**
     * A fresh stream seeded from {@link #derive(String, long)}: stateless per (purpose, index), e.g. the
     * shuffling order of epoch e.
     *
     * @param purpose what the stream is for
     * @param index which one (epoch, step, sample)
     * @return a new stream at counter 0
     */
    public RngStream derivedStream(String purpose, long index) {
        return new RngStream(purpose + "#" + index, derive(purpose, index), 0);
    }

    /**
     * Returns the counters of all streams used so far.
     *
     * @return stream name → counter, in creation order
     */
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        streams.forEach((name, s) -> out.put(name, s.counter()));
        return out;
    }

    /**
     * Serialises the state.
     *
     * @return JSON with format, version, seed and stream counters
     */
    public String toJson() {
        Dto dto = new Dto();
        dto.format = FORMAT;
        dto.version = VERSION;
        dto.seed = Long.toString(seed);
        dto.streams = new LinkedHashMap<>();
        streams.forEach((name, s) -> dto.streams.put(name, Long.toString(s.counter())));
        return GSON.toJson(dto);
    }

    /**
     * Restores a state written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the restored state; streams continue exactly where they were
     * @throws IllegalArgumentException if the text is not a valid RNG state
     */
    public static TrainingRng fromJson(String json) {
        Dto dto;
        try {
            dto = GSON.fromJson(json, Dto.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("RNG state is not valid JSON: " + e.getMessage(), e);
        }
        if (dto == null || !FORMAT.equals(dto.format) || dto.version != VERSION || dto.seed == null) {
            throw new IllegalArgumentException("RNG state is not a " + FORMAT + " v" + VERSION + " document");
        }
        try {
            TrainingRng rng = new TrainingRng(Long.parseLong(dto.seed));
            if (dto.streams != null) {
                for (Map.Entry<String, String> e : dto.streams.entrySet()) {
                    long counter = Long.parseLong(e.getValue());
                    if (e.getKey().isEmpty() || counter < 0) {
                        throw new IllegalArgumentException("RNG state has invalid stream entry " + e);
                    }
                    rng.streams.put(e.getKey(), new RngStream(e.getKey(), rng.streamSeed(e.getKey()), counter));
                }
            }
            return rng;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RNG state has a non-integer seed or counter: " + e.getMessage(), e);
        }
    }

    private long streamSeed(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return RngStream.mix64(RngStream.mix64(seed) ^ h);
    }

    /** JSON layout; numbers are strings so that no JSON reader rounds 64-bit values. */
    private static final class Dto {
        String format;
        int version;
        String seed;
        Map<String, String> streams;
    }
}
