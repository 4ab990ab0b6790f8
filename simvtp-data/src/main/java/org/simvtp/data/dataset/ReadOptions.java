package org.simvtp.data.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable settings shared by the manifest readers.
 *
 * <p>Defaults: {@link ErrorMode#STRICT}; relative video paths resolved against the manifest's directory; the first
 * 10 malformed rows logged (all are counted); CSV records up to 1,000,000 characters.
 *
 * <pre>{@code
 * ReadOptions opts = ReadOptions.builder().optRoot(Path.of("/data/webvid/videos"))
 *         .optErrorMode(ErrorMode.LENIENT).build();
 * }</pre>
 */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = builder().build();

    private final ErrorMode errorMode;
    private final Path root;
    private final int maxLoggedProblems;
    private final int maxRecordChars;

    private ReadOptions(Builder b) {
        this.errorMode = b.errorMode;
        this.root = b.root;
        this.maxLoggedProblems = b.maxLoggedProblems;
        this.maxRecordChars = b.maxRecordChars;
    }

    /**
     * The defaults (strict, root = manifest directory).
     *
     * @return the default options
     */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A new builder holding the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised from these options.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.errorMode = errorMode;
        b.root = root;
        b.maxLoggedProblems = maxLoggedProblems;
        b.maxRecordChars = maxRecordChars;
        return b;
    }

    /**
     * What to do with malformed rows.
     *
     * @return the mode
     */
    public ErrorMode errorMode() {
        return errorMode;
    }

    /**
     * The directory relative video paths are resolved against, or {@code null} for the manifest's directory.
     *
     * @return the root or {@code null}
     */
    public Path root() {
        return root;
    }

    /**
     * The root to use for a given manifest: {@link #root()} if set, else the manifest's parent directory.
     *
     * @param manifest the manifest file
     * @return an absolute, normalised directory
     */
    public Path rootFor(Path manifest) {
        Path r = root != null ? root : manifest.toAbsolutePath().getParent();
        return r.toAbsolutePath().normalize();
    }

    /**
     * How many malformed rows are logged individually (all are counted).
     *
     * @return the number
     */
    public int maxLoggedProblems() {
        return maxLoggedProblems;
    }

    /**
     * Longest accepted CSV record in characters (guards against an unterminated quote swallowing the file).
     *
     * @return the limit
     */
    public int maxRecordChars() {
        return maxRecordChars;
    }

    @Override
    public String toString() {
        return "ReadOptions{errorMode=" + errorMode + ", root=" + root + ", maxLoggedProblems=" + maxLoggedProblems
                + ", maxRecordChars=" + maxRecordChars + '}';
    }

    /** Builder of {@link ReadOptions}; every option has a default. */
    public static final class Builder {
        private ErrorMode errorMode = ErrorMode.STRICT;
        private Path root;
        private int maxLoggedProblems = 10;
        private int maxRecordChars = 1_000_000;

        private Builder() {}

        /**
         * Sets the error mode (default {@link ErrorMode#STRICT}).
         *
         * @param value the mode
         * @return this builder
         */
        public Builder optErrorMode(ErrorMode value) {
            this.errorMode = Objects.requireNonNull(value, "errorMode");
            return this;
        }

        /**
         * Sets the directory relative video paths are resolved against (default: the manifest's directory).
         * WebVid's {@code page_dir/videoid.mp4} paths are resolved against it too.
         *
         * @param value the directory, or {@code null} for the default
         * @return this builder
         */
        public Builder optRoot(Path value) {
            this.root = value;
            return this;
        }

        /**
         * Sets how many malformed rows are logged individually (default 10).
         *
         * @param value a non-negative count
         * @return this builder
         */
        public Builder optMaxLoggedProblems(int value) {
            this.maxLoggedProblems = value;
            return this;
        }

        /**
         * Sets the longest accepted CSV record (default 1,000,000 characters).
         *
         * @param value a positive number of characters
         * @return this builder
         */
        public Builder optMaxRecordChars(int value) {
            this.maxRecordChars = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException if a value is out of range
         */
        public ReadOptions build() {
            if (maxLoggedProblems < 0) {
                throw new IllegalArgumentException("maxLoggedProblems must be >= 0, got " + maxLoggedProblems);
            }
            if (maxRecordChars <= 0) {
                throw new IllegalArgumentException("maxRecordChars must be > 0, got " + maxRecordChars);
            }
            return new ReadOptions(this);
        }
    }
}
