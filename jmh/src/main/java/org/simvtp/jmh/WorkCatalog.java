package org.simvtp.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.simvtp.jmh.bench.ClipEmbeddingBenchmark;
import org.simvtp.jmh.bench.EncoderForwardBenchmark;
import org.simvtp.jmh.bench.FinetuneStepBenchmark;
import org.simvtp.jmh.bench.MaskingBenchmark;
import org.simvtp.jmh.bench.PatchifyBenchmark;
import org.simvtp.jmh.bench.PretrainStepBenchmark;
import org.simvtp.jmh.bench.RetrievalMetricsBenchmark;
import org.simvtp.jmh.bench.VectorSearchBenchmark;
import org.simvtp.jmh.bench.YardstickMatmulBenchmark;
import org.simvtp.jmh.data.ClipDecodeBenchmark;
import org.simvtp.jmh.data.IndexThroughputBenchmark;
import org.simvtp.jmh.data.LoaderThroughputBenchmark;
import org.simvtp.jmh.report.BenchResult;
import org.simvtp.jmh.report.Work;

/**
 * The work per operation of every benchmark of the suite, by {@code SimpleClass.method}: each benchmark class
 * owns a static {@code work(Map<String, String> params)} next to its shapes, and is registered here once.
 * New benchmarks add a line to {@link #REGISTRY}.
 *
 * <pre>{@code
 * Work w = WorkCatalog.workOf(result);  // null for an unregistered benchmark
 * }</pre>
 */
public final class WorkCatalog {

    /** Key of the same-run yardstick. */
    public static final String YARDSTICK = "YardstickMatmulBenchmark.matmul2048";

    private static final Map<String, Function<Map<String, String>, Work>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(YARDSTICK, YardstickMatmulBenchmark::work);
        REGISTRY.put("MaskingBenchmark.tube", MaskingBenchmark::tubeWork);
        REGISTRY.put("MaskingBenchmark.text", MaskingBenchmark::textWork);
        REGISTRY.put("PatchifyBenchmark.patchify", PatchifyBenchmark::work);
        REGISTRY.put("PatchifyBenchmark.targets", PatchifyBenchmark::work);
        REGISTRY.put("EncoderForwardBenchmark.forward", EncoderForwardBenchmark::work);
        REGISTRY.put("ClipEmbeddingBenchmark.embed", ClipEmbeddingBenchmark::work);
        REGISTRY.put("PretrainStepBenchmark.step", PretrainStepBenchmark::work);
        REGISTRY.put("FinetuneStepBenchmark.step", FinetuneStepBenchmark::work);
        REGISTRY.put("RetrievalMetricsBenchmark.evaluate", RetrievalMetricsBenchmark::work);
        REGISTRY.put("VectorSearchBenchmark.query", VectorSearchBenchmark::work);
        REGISTRY.put("ClipDecodeBenchmark.decodeAll", ClipDecodeBenchmark::work);
        REGISTRY.put("ClipDecodeBenchmark.samplePretrain", ClipDecodeBenchmark::work);
        REGISTRY.put("ClipDecodeBenchmark.sampleTest", ClipDecodeBenchmark::work);
        REGISTRY.put("LoaderThroughputBenchmark.epoch", LoaderThroughputBenchmark::work);
        REGISTRY.put("IndexThroughputBenchmark.index", IndexThroughputBenchmark::work);
        REGISTRY.put("IndexThroughputBenchmark.encodeOnly", IndexThroughputBenchmark::work);
        REGISTRY.put("IndexThroughputBenchmark.decodeOnly", IndexThroughputBenchmark::work);
    }

    private WorkCatalog() {}

    /**
     * The work of one result.
     *
     * @param result a JMH result
     * @return its work per operation, or null if its benchmark is not registered
     */
    public static Work workOf(BenchResult result) {
        Function<Map<String, String>, Work> f = REGISTRY.get(result.benchmark());
        return f == null ? null : f.apply(result.params());
    }
}
