package org.simvtp.jmh.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.BenchResult;
import org.simvtp.jmh.report.Sidecar;
import org.simvtp.jmh.report.Work;
import org.simvtp.models.search.HnswVectorStore;
import org.simvtp.models.search.TopHits;
import org.simvtp.models.search.VectorHit;

/**
 * Top-10 queries against an {@link HnswVectorStore} of {@code rows} random unit vectors of the preset's embedding
 * width (768 for {@code base}), near a random {@code latentDim}-dimensional subspace (0: uniform on the sphere, the
 * worst case; see {@link RandomDirections}). The set-up builds the index in a temporary folder (one thread puts every row, then
 * {@code close()} commits and waits for Lucene's merges; reopened for the queries) and measures what JMH cannot:
 * build and open time, index size on disk, heap after a full GC and recall@10 of {@value #RECALL_QUERIES} queries
 * against exact search (a streaming brute-force scan with {@link TopHits}). They are printed; the two that do not
 * depend on the machine's load go to the sidecar ({@code indexMB}, {@code recallMiss} = 1 − recall@10). It also
 * sweeps {@code efSearch} (recall and mean latency of the same queries for {@link #EF_SWEEP}). Sample
 * time gives the latency percentiles (p50, p99 in JMH's output). Building 1,000,000 × 768 takes long on 2
 * cores (see jmh/README.md): measure smaller sets with {@code -p rows=100000}.
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar VectorSearchBenchmark -p rows=100000 -p numCandidates=100,200
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING, "-Xmx3g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class VectorSearchBenchmark {

    /** Hits per query. */
    public static final int K = 10;
    /** Queries compared with exact search for recall. */
    public static final int RECALL_QUERIES = 100;

    private static final long ROW_SEED = 1;
    private static final long QUERY_SEED = 2;
    private static final int QUERY_POOL = 1024;
    /** {@code efSearch} values whose recall the set-up prints. */
    static final int[] EF_SWEEP = {10, 50, 100, 200, 400, 800};

    /** Stored rows. */
    @Param({"1000000"})
    public int rows;

    /** Intrinsic dimension of the data; 0 for uniform directions. */
    @Param({"32"})
    public int latentDim;

    /** Model preset whose embedding width is the dimension. */
    @Param({"base"})
    public String preset;

    /** HNSW {@code M}. */
    @Param({"16"})
    public int maxConnections;

    /** HNSW {@code efConstruction}. */
    @Param({"100"})
    public int beamWidth;

    /** HNSW {@code efSearch}. */
    @Param({"100"})
    public int numCandidates;

    private Path folder;
    private RandomDirections data;
    private HnswVectorStore store;
    private float[][] queries;
    private int next;

    /** Query vectors per operation: one; counted as its bytes. */
    public static Work work(Map<String, String> params) {
        return Work.bytes(4L
                * BenchPreset.of(params.getOrDefault("preset", "base")).config().encoderWidth());
    }

    /** Builds, reopens and checks the index. */
    @Setup
    public void setUp() throws IOException {
        int dimension = BenchPreset.of(preset).config().encoderWidth();
        data = new RandomDirections(ROW_SEED, dimension, latentDim);
        folder = Files.createTempDirectory("simvtp-hnsw-bench");
        long t0 = System.nanoTime();
        try (HnswVectorStore building = settings(dimension, numCandidates).build()) {
            for (int i = 0; i < rows; i++) {
                building.put(Integer.toString(i), data.row(i));
            }
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        store = settings(dimension, numCandidates).build();
        double openSeconds = (System.nanoTime() - t1) / 1e9;
        queries = new float[QUERY_POOL][];
        for (int i = 0; i < QUERY_POOL; i++) {
            queries[i] = data.row(-1 - i); // rows are numbered from 0: the queries are other draws
        }
        long t2 = System.nanoTime();
        List<Set<String>> truth = exactTop10();
        double exactSeconds = (System.nanoTime() - t2) / 1e9;
        double recall = recallAt10(store, truth);
        store.close();
        for (int ef : EF_SWEEP) {
            try (HnswVectorStore sweep = settings(dimension, ef).build()) {
                recallAt10(sweep, truth); // warm
                long t = System.nanoTime();
                double r = recallAt10(sweep, truth);
                System.out.printf(
                        Locale.ROOT,
                        "VectorSearch sweep rows=%d latentDim=%d ef=%d: recall@%d %.4f, mean %.2f ms/query%n",
                        rows,
                        latentDim,
                        ef,
                        K,
                        r,
                        (System.nanoTime() - t) / 1e6 / RECALL_QUERIES);
            }
        }
        store = settings(dimension, numCandidates).build();
        double indexMb = folderBytes() / 1e6;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "%nVectorSearch rows=%d dim=%d latentDim=%d M=%d beam=%d ef=%d: build %.1f s (%.0f rows/s), open %.2f s,"
                        + " index %.1f MB on disk, heap %.1f MB, recall@%d %.4f over %d queries"
                        + " (exact scan %.1f s)%n",
                rows,
                dimension,
                latentDim,
                maxConnections,
                beamWidth,
                numCandidates,
                buildSeconds,
                rows / buildSeconds,
                openSeconds,
                indexMb,
                heapMb,
                K,
                recall,
                RECALL_QUERIES,
                exactSeconds);
        String key = BenchResult.key(
                "VectorSearchBenchmark.query",
                Map.of(
                        "rows", Integer.toString(rows),
                        "preset", preset,
                        "latentDim", Integer.toString(latentDim),
                        "maxConnections", Integer.toString(maxConnections),
                        "beamWidth", Integer.toString(beamWidth),
                        "numCandidates", Integer.toString(numCandidates)));
        Sidecar.record(key, "indexMB", indexMb);
        Sidecar.record(key, "recallMiss", 1 - recall);
    }

    /** Closes the store and deletes the folder. */
    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** One top-10 query (queries cycle through a pool of 1024). */
    @Benchmark
    public List<VectorHit> query() throws IOException {
        return store.search(queries[next++ & (QUERY_POOL - 1)], K);
    }

    private HnswVectorStore.Builder settings(int dimension, int ef) {
        return HnswVectorStore.builder()
                .setFolder(folder)
                .setDimension(dimension)
                .optMaxConnections(maxConnections)
                .optBeamWidth(beamWidth)
                .optNumCandidates(ef)
                .optRamBufferMb(256);
    }

    /** The exact top-10 keys of the first queries: one streaming scan over regenerated rows. */
    private List<Set<String>> exactTop10() {
        List<TopHits> exact = new ArrayList<>();
        for (int q = 0; q < RECALL_QUERIES; q++) {
            exact.add(new TopHits(K));
        }
        for (int i = 0; i < rows; i++) {
            float[] row = data.row(i);
            for (int q = 0; q < RECALL_QUERIES; q++) {
                float score = dot(row, queries[q]);
                TopHits top = exact.get(q);
                if (score > top.threshold()) {
                    top.offer(Integer.toString(i), score);
                }
            }
        }
        List<Set<String>> out = new ArrayList<>();
        for (TopHits top : exact) {
            Set<String> keys = new HashSet<>();
            top.toList().forEach(h -> keys.add(h.key()));
            out.add(keys);
        }
        return out;
    }

    /** Share of the exact top-10 rows that {@code approx} returns. */
    private double recallAt10(HnswVectorStore approx, List<Set<String>> truth) throws IOException {
        int found = 0;
        for (int q = 0; q < RECALL_QUERIES; q++) {
            for (VectorHit h : approx.search(queries[q], K)) {
                found += truth.get(q).contains(h.key()) ? 1 : 0;
            }
        }
        return found / (double) (K * RECALL_QUERIES);
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private long folderBytes() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
