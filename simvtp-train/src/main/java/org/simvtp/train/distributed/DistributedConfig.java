package org.simvtp.train.distributed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who this process is in a multi-process run and how it meets the others: rank, world size, local rank, rendezvous,
 * run id, timeouts and the gradient bucket size. Immutable; built with {@link #builder()} or read from the
 * environment like {@code torchrun} does ({@link #fromEnvironment()}).
 *
 * <p>Environment variables (the first one set wins):
 * <ul>
 *   <li>rank: {@code RANK}, {@code SLURM_PROCID}, {@code OMPI_COMM_WORLD_RANK}, {@code PMI_RANK};</li>
 *   <li>world size: {@code WORLD_SIZE}, {@code SLURM_NTASKS}, {@code OMPI_COMM_WORLD_SIZE}, {@code PMI_SIZE};</li>
 *   <li>local rank: {@code LOCAL_RANK}, {@code SLURM_LOCALID}, {@code OMPI_COMM_WORLD_LOCAL_RANK},
 *       {@code MPI_LOCALRANKID} (default 0);</li>
 *   <li>rendezvous: {@code SIMVTP_RENDEZVOUS} ({@code file:///shared/dir} or {@code redis://host:port});</li>
 *   <li>run id: {@code SIMVTP_RUN_ID}, {@code TORCHELASTIC_RUN_ID}, {@code SLURM_JOB_ID} (+ step), default
 *       {@value #DEFAULT_RUN_ID}; every launch needs a fresh one, rendezvous keys are namespaced by it;</li>
 *   <li>{@code SIMVTP_DIST_TIMEOUT} (seconds, default 300), {@code SIMVTP_DIST_ROLLCALL} (seconds, default 3),
 *       {@code SIMVTP_GLOO_HOSTNAME}, {@code SIMVTP_GLOO_IFNAME} or {@code GLOO_SOCKET_IFNAME},
 *       {@code SIMVTP_BUCKET_MB} (default 25).</li>
 * </ul>
 *
 * <pre>{@code
 * DistributedConfig c = DistributedConfig.builder().setRank(1).setWorldSize(2)
 *         .setRendezvous(Rendezvous.parse("redis://10.0.0.1:6379")).optRunId("job-42")
 *         .optTimeout(Duration.ofSeconds(60)).build();
 * }</pre>
 */
public final class DistributedConfig {
    /** Run id used when the environment names none. */
    public static final String DEFAULT_RUN_ID = "simvtp";

    private static final List<String> RANK_VARS = List.of("RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK");
    private static final List<String> SIZE_VARS =
            List.of("WORLD_SIZE", "SLURM_NTASKS", "OMPI_COMM_WORLD_SIZE", "PMI_SIZE");
    private static final List<String> LOCAL_VARS =
            List.of("LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID");

    private final int rank;
    private final int worldSize;
    private final int localRank;
    private final Rendezvous rendezvous;
    private final String runId;
    private final Duration timeout;
    private final Duration rollCallGrace;
    private final String hostname;
    private final String iface;
    private final long bucketBytes;

    private DistributedConfig(Builder b) {
        rank = b.rank;
        worldSize = b.worldSize;
        localRank = b.localRank;
        rendezvous = b.rendezvous;
        runId = b.runId;
        timeout = b.timeout;
        rollCallGrace = b.rollCallGrace;
        hostname = b.hostname;
        iface = b.iface;
        bucketBytes = b.bucketBytes;
    }

    /** A builder with the defaults of a single process. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rank = rank;
        b.worldSize = worldSize;
        b.localRank = localRank;
        b.rendezvous = rendezvous;
        b.runId = runId;
        b.timeout = timeout;
        b.rollCallGrace = rollCallGrace;
        b.hostname = hostname;
        b.iface = iface;
        b.bucketBytes = bucketBytes;
        return b;
    }

    /**
     * Reads the configuration from the process environment (see the class comment); a process started without any
     * rank variables is a single-process run.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a variable is malformed or a multi-process run names no rendezvous
     */
    public static DistributedConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the configuration from the given variables (see the class comment).
     *
     * @param env variable name → value
     * @return the configuration
     * @throws IllegalArgumentException if a variable is malformed or a multi-process run names no rendezvous
     */
    public static DistributedConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        first(env, RANK_VARS).ifPresent(v -> b.setRank(parseInt(v)));
        first(env, SIZE_VARS).ifPresent(v -> b.setWorldSize(parseInt(v)));
        first(env, LOCAL_VARS).ifPresent(v -> b.optLocalRank(parseInt(v)));
        first(env, List.of("SIMVTP_RENDEZVOUS")).ifPresent(v -> b.setRendezvous(Rendezvous.parse(v)));
        Optional<String> runId = first(env, List.of("SIMVTP_RUN_ID", "TORCHELASTIC_RUN_ID"));
        if (runId.isEmpty() && env.get("SLURM_JOB_ID") != null) {
            runId = Optional.of("slurm-" + env.get("SLURM_JOB_ID")
                    + (env.get("SLURM_STEP_ID") != null ? "." + env.get("SLURM_STEP_ID") : ""));
        }
        runId.ifPresent(b::optRunId);
        first(env, List.of("SIMVTP_DIST_TIMEOUT")).ifPresent(v -> b.optTimeout(seconds(v)));
        first(env, List.of("SIMVTP_DIST_ROLLCALL")).ifPresent(v -> b.optRollCallGrace(seconds(v)));
        first(env, List.of("SIMVTP_GLOO_HOSTNAME")).ifPresent(b::optHostname);
        first(env, List.of("SIMVTP_GLOO_IFNAME", "GLOO_SOCKET_IFNAME")).ifPresent(b::optInterface);
        first(env, List.of("SIMVTP_BUCKET_MB")).ifPresent(v -> b.optBucketBytes((long) (parseDouble(v) * (1 << 20))));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("distributed environment: " + e.getMessage(), e);
        }
    }

    private static Optional<String> first(Map<String, String> env, List<String> names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return Optional.empty();
    }

    private static int parseInt(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not an integer", e);
        }
    }

    private static double parseDouble(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a number", e);
        }
    }

    private static Duration seconds(String v) {
        return Duration.ofMillis(Math.round(parseDouble(v) * 1000));
    }

    /** This process's rank in {@code [0, worldSize)}. */
    public int rank() {
        return rank;
    }

    /** Number of processes. */
    public int worldSize() {
        return worldSize;
    }

    /** Rank among the processes of this machine (pick a GPU with it). */
    public int localRank() {
        return localRank;
    }

    /** Where the ranks meet; empty for a single process. */
    public Optional<Rendezvous> rendezvous() {
        return Optional.ofNullable(rendezvous);
    }

    /** Namespace of this launch's rendezvous keys. */
    public String runId() {
        return runId;
    }

    /** How long a rendezvous or a collective may wait for a peer before the run fails. */
    public Duration timeout() {
        return timeout;
    }

    /** How long survivors of a failure wait for each other to decide which ranks are lost. */
    public Duration rollCallGrace() {
        return rollCallGrace;
    }

    /** Address Gloo listens on and announces (empty: the machine's host name). */
    public String hostname() {
        return hostname;
    }

    /** Network interface Gloo uses (empty: resolve {@link #hostname()}). */
    public String networkInterface() {
        return iface;
    }

    /** Target size of a gradient bucket; small gradients are packed together up to this size. */
    public long bucketBytes() {
        return bucketBytes;
    }

    /** Whether more than one process takes part. */
    public boolean isDistributed() {
        return worldSize > 1;
    }

    /** Whether this process writes checkpoints and logs (rank 0). */
    public boolean isRankZero() {
        return rank == 0;
    }

    @Override
    public String toString() {
        return "DistributedConfig{rank=" + rank + ", worldSize=" + worldSize + ", localRank=" + localRank
                + ", rendezvous=" + (rendezvous == null ? "none" : rendezvous.toUrl()) + ", runId=" + runId
                + ", timeout=" + timeout + ", rollCallGrace=" + rollCallGrace + ", hostname='" + hostname
                + "', iface='" + iface + "', bucketBytes=" + bucketBytes + '}';
    }

    /** Builder of {@link DistributedConfig}. */
    public static final class Builder {
        private int rank;
        private int worldSize = 1;
        private int localRank;
        private Rendezvous rendezvous;
        private String runId = DEFAULT_RUN_ID;
        private Duration timeout = Duration.ofMinutes(5);
        private Duration rollCallGrace = Duration.ofSeconds(3);
        private String hostname = "";
        private String iface = "";
        private long bucketBytes = 25L << 20;

        private Builder() {}

        /** This process's rank; default 0. */
        public Builder setRank(int rank) {
            this.rank = rank;
            return this;
        }

        /** Number of processes; default 1. */
        public Builder setWorldSize(int worldSize) {
            this.worldSize = worldSize;
            return this;
        }

        /** Rank on this machine; default 0. */
        public Builder optLocalRank(int localRank) {
            this.localRank = localRank;
            return this;
        }

        /** Where the ranks meet; required when the world size is above 1. */
        public Builder setRendezvous(Rendezvous rendezvous) {
            this.rendezvous = rendezvous;
            return this;
        }

        /** Namespace of the rendezvous keys, fresh for every launch; default {@value #DEFAULT_RUN_ID}. */
        public Builder optRunId(String runId) {
            this.runId = runId;
            return this;
        }

        /** Failure-detection timeout of rendezvous and collectives; default 300 s. */
        public Builder optTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Roll-call window after a failure; default 3 s. */
        public Builder optRollCallGrace(Duration grace) {
            this.rollCallGrace = grace;
            return this;
        }

        /** Address to listen on and announce, e.g. {@code 127.0.0.1} for one machine; default the host name. */
        public Builder optHostname(String hostname) {
            this.hostname = hostname == null ? "" : hostname;
            return this;
        }

        /** Network interface, e.g. {@code eth0}; default none (use the host name). */
        public Builder optInterface(String iface) {
            this.iface = iface == null ? "" : iface;
            return this;
        }

        /** Gradient bucket size in bytes; default 25 MiB; 0 reduces every gradient on its own. */
        public Builder optBucketBytes(long bytes) {
            this.bucketBytes = bytes;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid value
         */
        public DistributedConfig build() {
            if (worldSize < 1) {
                throw new IllegalArgumentException("world size " + worldSize + " must be at least 1");
            }
            if (rank < 0 || rank >= worldSize) {
                throw new IllegalArgumentException("rank " + rank + " outside [0, " + worldSize + ")");
            }
            if (localRank < 0 || localRank > rank) {
                throw new IllegalArgumentException("local rank " + localRank + " outside [0, rank " + rank + "]");
            }
            if (worldSize > 1 && rendezvous == null) {
                throw new IllegalArgumentException("world size " + worldSize + " needs a rendezvous (SIMVTP_RENDEZVOUS="
                        + "file:///shared/dir or redis://host:port)");
            }
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(rollCallGrace, "rollCallGrace");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout " + timeout + " must be positive");
            }
            if (rollCallGrace.isNegative()) {
                throw new IllegalArgumentException("roll-call grace " + rollCallGrace + " must not be negative");
            }
            if (runId == null || !runId.matches("[A-Za-z0-9._-]{1,128}")) {
                throw new IllegalArgumentException("run id '" + runId + "' must be 1-128 characters of [A-Za-z0-9._-]");
            }
            if (bucketBytes < 0) {
                throw new IllegalArgumentException("bucket size " + bucketBytes + " must not be negative");
            }
            return new DistributedConfig(this);
        }
    }
}
