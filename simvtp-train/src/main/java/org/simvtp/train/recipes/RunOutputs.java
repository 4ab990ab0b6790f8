package org.simvtp.train.recipes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.train.StepRecord;
import org.simvtp.train.Trainer;
import org.simvtp.train.TrainingListener;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.observe.JsonlMetricsWriter;
import org.simvtp.train.observe.LossPlot;
import org.simvtp.train.observe.ProgressBar;
import org.simvtp.train.observe.RunManifest;

/**
 * The output folder of a training run and the observers that fill it, shared by every training job:
 * {@code checkpoints/} (resumed from automatically, with {@code run-manifest.json}), {@code metrics.jsonl}
 * (appended across resumes), {@code loss.png} (drawn from the whole metrics file, so a resumed run plots every
 * step) and a progress bar. On ranks other than 0 of a multi-process run nothing is written.
 *
 * <pre>{@code
 * try (RunOutputs outputs = RunOutputs.create(dir, true, System.out)) {
 *     Trainer<...> trainer = outputs.attach(Trainer.builder(task).optConfig(config), manifest).build();
 *     trainer.fit(batches);
 *     outputs.writeLossPlot();
 * }
 * }</pre>
 */
public final class RunOutputs implements AutoCloseable {

    /** Name of the checkpoint folder. */
    public static final String CHECKPOINTS = "checkpoints";
    /** Name of the loss plot. */
    public static final String LOSS_PLOT = "loss.png";

    private final Path directory;
    private final boolean writer;
    private final PrintStream out;
    private final JsonlMetricsWriter metrics;

    private RunOutputs(Path directory, boolean writer, PrintStream out, JsonlMetricsWriter metrics) {
        this.directory = directory;
        this.writer = writer;
        this.out = out;
        this.metrics = metrics;
    }

    /**
     * Prepares the output folder.
     *
     * @param directory the run's folder (created)
     * @param writer false on ranks that must not write (ranks other than 0)
     * @param out where progress is printed
     * @return the outputs (close them after training)
     * @throws IOException if the folder cannot be created
     */
    public static RunOutputs create(Path directory, boolean writer, PrintStream out) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (writer) {
            Files.createDirectories(dir);
        }
        return new RunOutputs(dir, writer, out, writer ? JsonlMetricsWriter.inDirectory(dir) : null);
    }

    /**
     * Adds the checkpoint store, progress bar, metrics file, run manifest and a "resumed" notice to a trainer.
     *
     * @param builder the trainer builder
     * @param manifest the run's provenance
     * @param keepCheckpoints how many checkpoints are kept
     * @param <M> model type
     * @param <B> batch type
     * @return the builder
     */
    public <M extends ReferenceBlock, B> Trainer.Builder<M, B> attach(
            Trainer.Builder<M, B> builder, RunManifest manifest, int keepCheckpoints) {
        builder.optCheckpointStore(CheckpointStore.builder()
                .setDirectory(checkpoints())
                .optKeepLast(keepCheckpoints)
                .build());
        if (!writer) {
            return builder;
        }
        return builder.addListener(new TrainingListener() {
                    @Override
                    public void onStart(long startStep, long totalSteps) {
                        if (startStep > 0) {
                            out.println(
                                    "resumed from " + checkpoints() + " at step " + startStep + " of " + totalSteps);
                        }
                    }
                })
                .addListener(new ProgressBar(out))
                .addListener(metrics)
                .addListener(manifest.listener(checkpoints()));
    }

    /**
     * Draws {@link #lossPlot()} from every step in {@link #metricsFile()} (nothing on non-writing ranks or before
     * the first step).
     *
     * @return the plot, or null when none was drawn
     */
    public Path writeLossPlot() {
        if (!writer || !Files.isRegularFile(metricsFile())) {
            return null;
        }
        List<StepRecord> history = JsonlMetricsWriter.read(metricsFile());
        if (history.isEmpty()) {
            return null;
        }
        LossPlot.write(history, lossPlot());
        return lossPlot();
    }

    /**
     * Whether this process writes files (rank 0).
     *
     * @return true when it writes
     */
    public boolean writes() {
        return writer;
    }

    /**
     * The run's folder.
     *
     * @return an absolute path
     */
    public Path directory() {
        return directory;
    }

    /**
     * The checkpoint folder.
     *
     * @return {@code <dir>/checkpoints}
     */
    public Path checkpoints() {
        return directory.resolve(CHECKPOINTS);
    }

    /**
     * The per-step metrics.
     *
     * @return {@code <dir>/metrics.jsonl}
     */
    public Path metricsFile() {
        return directory.resolve(JsonlMetricsWriter.FILE_NAME);
    }

    /**
     * The loss plot.
     *
     * @return {@code <dir>/loss.png}
     */
    public Path lossPlot() {
        return directory.resolve(LOSS_PLOT);
    }

    /**
     * A file in the run's folder.
     *
     * @param name file name
     * @return the path
     */
    public Path file(String name) {
        return directory.resolve(name);
    }

    /** Closes the metrics file. */
    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
