package org.simvtp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.simvtp.models.checkpoint.StateDictLoader;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.train.checkpoint.Checkpoint;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.checkpoint.IOConsumer;
import org.simvtp.train.checkpoint.LatestCheckpoint;
import org.simvtp.train.optim.Optimizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a trainer checkpoint in a {@link CheckpointStore}: {@value #MODEL_FILE} (replica 0's weights),
 * {@value #OPTIMIZER_FILE} ({@link Optimizer#stateDict()}) and {@value #STATE_FILE} ({@link TrainerState}).
 *
 * <pre>{@code
 * TrainerCheckpoints files = new TrainerCheckpoints(store);
 * files.latest().ifPresent(c -> state = files.load(c, model, optimizer, manager));
 * }</pre>
 */
final class TrainerCheckpoints {

    static final String MODEL_FILE = "model.safetensors";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String STATE_FILE = "trainer.json";
    private static final Logger LOG = LoggerFactory.getLogger(TrainerCheckpoints.class);

    private final CheckpointStore store;

    /** @param store the store, or null for a trainer without checkpoints */
    TrainerCheckpoints(CheckpointStore store) {
        this.store = store;
    }

    boolean enabled() {
        return store != null;
    }

    /** The newest valid checkpoint; corrupt or partial ones are logged and skipped. */
    Optional<Checkpoint> latest() {
        if (store == null) {
            return Optional.empty();
        }
        try {
            LatestCheckpoint latest = store.latest();
            latest.skipped().forEach(s -> LOG.warn("skipping checkpoint {}: {}", s.directory(), s.reason()));
            return latest.checkpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + store.directory(), e);
        }
    }

    /**
     * Loads the weights into {@code model} and the optimizer state into {@code optimizer}.
     *
     * @param manager where the file contents are read to (freed before returning)
     * @return the trainer state of the checkpoint
     */
    TrainerState load(Checkpoint c, ReferenceBlock model, Optimizer optimizer, NDManager manager) {
        try {
            Path stateFile = c.file(STATE_FILE);
            TrainerState state = TrainerStateCodec.decode(Files.readAllBytes(stateFile), stateFile.toString());
            try (NDManager scope = manager.newSubManager()) {
                try (InputStream in = Files.newInputStream(c.file(MODEL_FILE))) {
                    StateDictLoader.load(model, TensorFiles.read(scope, in), n -> n)
                            .requireExact(c.file(MODEL_FILE).toString());
                }
                try (InputStream in = Files.newInputStream(c.file(OPTIMIZER_FILE))) {
                    optimizer.loadStateDict(TensorFiles.read(scope, in));
                }
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + c.directory(), e);
        }
    }

    /** Writes a checkpoint atomically (the state is encoded before anything is written). */
    Checkpoint save(Map<String, NDArray> weights, Optimizer optimizer, TrainerState state) {
        if (store == null) {
            throw new IllegalStateException("no checkpoint store configured");
        }
        byte[] json = TrainerStateCodec.encode(state);
        Map<String, IOConsumer<OutputStream>> files = new LinkedHashMap<>();
        files.put(MODEL_FILE, out -> TensorFiles.write(out, weights));
        files.put(OPTIMIZER_FILE, out -> TensorFiles.write(out, optimizer.stateDict()));
        files.put(STATE_FILE, out -> out.write(json));
        try {
            return store.save(state.step(), files, Map.of("step", Long.toString(state.step())));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write checkpoint at step " + state.step() + " to " + store.directory(), e);
        }
    }
}
