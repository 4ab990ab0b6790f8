package org.simvtp.train.observe;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.simvtp.train.StepRecord;
import org.simvtp.train.TrainingListener;
import org.simvtp.train.TrainingSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per optimizer step to a JSON-lines file (default name {@value #FILE_NAME}), flushed
 * after every line so that a crashed run keeps its history:
 *
 * <pre>
 * {"step":12,"total_steps":1000,"lr":1.2E-4,"losses":{"loss":5.12,"loss_v":0.98,...},"samples":16,
 *  "seconds":0.41,"elapsed":4.9,"skipped":false,"grad_norm":1.31,"time":"2025-05-01T10:00:00.123Z"}
 * </pre>
 *
 * {@code seconds} is the step's wall time, {@code elapsed} the sum of step times since this run (or resume)
 * started, {@code time} the wall-clock time the line was written.
 * Non-finite numbers (a skipped step's losses, a gradient norm that was not computed) are written as
 * {@code null}, so every line is strict JSON. The file is
 * appended to, so a resumed run continues it; steps between the last checkpoint and a crash then appear twice,
 * and {@link #read(Path)} keeps the last line of each step. A failure to write is logged once and the writer then
 * stops, so metrics never abort training; a directory that cannot be created fails at construction.
 *
 * <pre>{@code
 * try (JsonlMetricsWriter metrics = JsonlMetricsWriter.inDirectory(runDir)) {
 *     trainer = Trainer.builder(task).addListener(metrics).build();
 *     trainer.fit(batches);
 * }
 * List<StepRecord> history = JsonlMetricsWriter.read(runDir.resolve(JsonlMetricsWriter.FILE_NAME));
 * }</pre>
 */
public final class JsonlMetricsWriter implements TrainingListener, Closeable {

    /** Default file name. */
    public static final String FILE_NAME = "metrics.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(JsonlMetricsWriter.class);
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private final Path file;
    private final Clock clock;
    private BufferedWriter writer;
    private boolean failed;
    private double elapsed;

    /**
     * A writer appending to {@code file}; its parent directories are created now.
     *
     * @param file the JSONL file
     * @throws UncheckedIOException if the directories cannot be created
     */
    public JsonlMetricsWriter(Path file) {
        this(file, Clock.systemUTC());
    }

    /**
     * A writer with an explicit clock for the {@code time} field.
     *
     * @param file the JSONL file
     * @param clock wall clock
     */
    public JsonlMetricsWriter(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + parent + " for metrics file " + file, e);
        }
    }

    /**
     * A writer of {@code directory/metrics.jsonl}.
     *
     * @param directory the run directory (created)
     * @return the writer
     */
    public static JsonlMetricsWriter inDirectory(Path directory) {
        return new JsonlMetricsWriter(directory.resolve(FILE_NAME));
    }

    /** The file written to. */
    public Path file() {
        return file;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        elapsed = 0;
    }

    @Override
    public void onStep(StepRecord record) {
        elapsed += Double.isFinite(record.seconds()) ? record.seconds() : 0;
        if (failed) {
            return;
        }
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(
                        file,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            }
            writer.write(GSON.toJson(toJson(record)));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            failed = true;
            LOG.error("cannot write training metrics to {}; no further metrics are written", file, e);
        }
    }

    @Override
    public void onEnd(TrainingSummary summary) {
        close();
    }

    /** Closes the file (a later step reopens it). */
    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.warn("cannot close metrics file {}", file, e);
            }
            writer = null;
        }
    }

    /**
     * The JSON object of one step.
     *
     * @param record the step
     * @return the object written as one line
     */
    public JsonObject toJson(StepRecord record) {
        JsonObject o = new JsonObject();
        o.addProperty("step", record.step());
        o.addProperty("total_steps", record.totalSteps());
        o.add("lr", number(record.learningRate()));
        JsonObject losses = new JsonObject();
        for (String name : LossNames.ordered(record.losses())) {
            losses.add(name, number(record.losses().get(name)));
        }
        o.add("losses", losses);
        o.addProperty("samples", record.samples());
        o.add("seconds", number(record.seconds()));
        o.add("elapsed", number(elapsed));
        o.addProperty("skipped", record.skipped());
        o.add("grad_norm", number(record.gradientNorm()));
        o.addProperty("time", clock.instant().toString());
        return o;
    }

    /**
     * Reads a metrics file back, one record per step (the last line of a step wins), ordered by step; {@code null}
     * numbers become NaN.
     *
     * @param file a file written by this class
     * @return the records
     * @throws IllegalArgumentException naming the file and line when a line is not a metrics object
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<StepRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics file " + file, e);
        }
        Map<Long, StepRecord> bySteps = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                StepRecord r = parse(JsonParser.parseString(line).getAsJsonObject());
                bySteps.put(r.step(), r);
            } catch (JsonParseException
                    | IllegalStateException
                    | NullPointerException
                    | UnsupportedOperationException
                    | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "metrics file " + file + " line " + (i + 1) + " is not a metrics object: " + e.getMessage(), e);
            }
        }
        return new ArrayList<>(bySteps.values());
    }

    private static StepRecord parse(JsonObject o) {
        Map<String, Double> losses = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("losses").entrySet()) {
            losses.put(e.getKey(), value(e.getValue()));
        }
        return new StepRecord(
                o.get("step").getAsLong(),
                o.get("total_steps").getAsLong(),
                value(o.get("lr")),
                losses,
                o.get("samples").getAsInt(),
                value(o.get("seconds")),
                o.get("skipped").getAsBoolean(),
                value(o.get("grad_norm")));
    }

    private static double value(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static JsonElement number(Double v) {
        return v == null || !Double.isFinite(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);
    }
}
