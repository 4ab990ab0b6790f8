package org.simvtp.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

/**
 * The process {@code KillResumeTest} kills: pre-trains {@link TrainerTest#CONFIG} on {@link RandomPretrainBatches}
 * with a checkpoint after every step (newest 2 kept), resuming from the newest valid one, and at the end writes the
 * SHA-256 of the final weights and optimizer state to a file. Arguments: {@code steps checkpointDir hashFile}.
 * Prints {@code START <step>}, {@code STEP <step>}, {@code SAVED <step>} and {@code DONE <hash>} lines.
 */
public final class KillResumeWorker {
    static final int BATCH = 3;
    static final long DATA_SEED = 2;

    private KillResumeWorker() {}

    public static void main(String[] args) throws IOException {
        long steps = Long.parseLong(args[0]);
        CheckpointStore store = CheckpointStore.builder()
                .setDirectory(Path.of(args[1]))
                .optKeepLast(2)
                .build();
        Path hashFile = Path.of(args[2]);
        TrainingListener printer = new TrainingListener() {
            @Override
            public void onStart(long startStep, long totalSteps) {
                say("START " + startStep);
            }

            @Override
            public void onStep(StepRecord r) {
                say("STEP " + r.step());
            }

            @Override
            public void onCheckpoint(long step, Path directory) {
                say("SAVED " + step);
            }
        };
        try (Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(new PretrainTask(TrainerTest.CONFIG))
                .optConfig(TrainerTest.steps(steps).toBuilder()
                        .optCheckpointEvery(1)
                        .build())
                .optCheckpointStore(store)
                .addListener(printer)
                .build()) {
            trainer.fit(new RandomPretrainBatches(TrainerTest.CONFIG, BATCH, DATA_SEED));
            String hash = stateHash(trainer);
            Path tmp = hashFile.resolveSibling(hashFile.getFileName() + ".tmp");
            Files.writeString(tmp, hash, StandardCharsets.US_ASCII);
            Files.move(tmp, hashFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            say("DONE " + hash);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** SHA-256 over every weight and optimizer state array (names and raw bytes, in order). */
    static String stateHash(Trainer<SimvtpPretrainModel, PretrainBatch> trainer) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            trainer.model().namedParameters().forEach((k, p) -> update(sha, k, p.getArray()));
            for (Map.Entry<String, NDArray> e : trainer.optimizer().stateDict().entrySet()) {
                update(sha, e.getKey(), e.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String name, NDArray array) {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update(array.toByteArray());
    }
}
