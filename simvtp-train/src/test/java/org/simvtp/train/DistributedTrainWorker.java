package org.simvtp.train;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.objective.PixelObjective;
import org.simvtp.models.objective.VtcObjective;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.distributed.CollectiveException;
import org.simvtp.train.distributed.DistributedConfig;
import org.simvtp.train.distributed.GlooProcessGroup;
import org.simvtp.train.launch.ExitCodes;
import org.simvtp.train.launch.LauncherWatch;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

/**
 * One rank of a data-parallel pre-training run, started by {@code DistributedTrainerTest}: trains on its shard of
 * each global batch and writes its final weights. Arguments: {@code steps globalBatch seed weightsFile checkpointDir
 * stopAfterBatches checkpointEvery [objectives]} ({@code {rank}} in weightsFile becomes the rank), objectives {@code per-sample} (default: pixel loss only) or
 * {@code global-vtc} (pixel + VTC with global negatives); only rank 0 gets the checkpoint store ({@code checkpointDir/rank0}), so the
 * others must receive rank 0's checkpoint on resume; {@code stopAfterBatches >= 0} simulates a crash of every rank. A lost peer ends the rank with exit code 5.
 */
public final class DistributedTrainWorker {
    private DistributedTrainWorker() {}

    static SimvtpConfig perSampleConfig() {
        return TrainerTest.CONFIG.toBuilder()
                .optTextLossWeight(0)
                .optVtcLossWeight(0)
                .optVtmLossWeight(0)
                .optTextEmbeddingDropout(0)
                .build();
    }

    /**
     * The model of a run: the pixel loss alone ({@code per-sample}), or the pixel loss plus VTC with negatives
     * {@code vtc} ({@code global-vtc}: global in the workers, local on the whole batch in the single process).
     */
    static PretrainTask task(String objectives, VtcObjective.Negatives vtc) {
        SimvtpConfig config = perSampleConfig();
        if (objectives.equals("per-sample")) {
            return new PretrainTask(config);
        }
        return new PretrainTask(() -> SimvtpPretrainModel.builder()
                .setConfig(config)
                .optObjectives(List.of(
                        PixelObjective.builder()
                                .optWeight(config.videoLossWeight())
                                .build(),
                        VtcObjective.builder().optNegatives(vtc).build()))
                .build());
    }

    public static void main(String[] args) throws IOException {
        LauncherWatch.exitWithLauncher();
        long steps = Long.parseLong(args[0]);
        int globalBatch = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        DistributedConfig dist = DistributedConfig.fromEnvironment();
        Path weightsFile = Path.of(args[3].replace("{rank}", Integer.toString(dist.rank())));
        Path checkpointDir = Path.of(args[4]);
        int stopAfter = Integer.parseInt(args[5]);
        int checkpointEvery = Integer.parseInt(args[6]);
        SimvtpConfig config = perSampleConfig();
        PretrainTask task = task(args.length > 7 ? args[7] : "per-sample", VtcObjective.Negatives.GLOBAL);
        int code = 0;
        try (GlooProcessGroup group = GlooProcessGroup.connect(dist)) {
            BatchSource<PretrainBatch> source = new RankShard(
                    new RandomPretrainBatches(config, globalBatch, seed), task, group.rank(), group.size());
            if (stopAfter >= 0) {
                source = new TrainerTest.StoppingSource(source, stopAfter);
            }
            Trainer.Builder<SimvtpPretrainModel, PretrainBatch> builder = Trainer.builder(task)
                    .optConfig(TrainerTest.steps(steps).toBuilder()
                            .optCheckpointEvery(checkpointEvery)
                            .build())
                    .optProcessGroup(group)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onStep(StepRecord r) {
                            System.out.println(
                                    "STEP " + r.step() + " loss " + r.losses().get("loss") + " vtc "
                                            + r.losses().get("loss_vtc"));
                        }
                    });
            // every rank gets its own directory: only rank 0 may write into its one
            builder.optCheckpointStore(CheckpointStore.builder()
                    .setDirectory(checkpointDir.resolve("rank" + group.rank()))
                    .optKeepLast(3)
                    .build());
            try (Trainer<SimvtpPretrainModel, PretrainBatch> trainer = builder.build()) {
                try {
                    TrainingSummary s = trainer.fit(source);
                    System.out.println("DONE from " + s.startStep() + " to " + s.finalStep());
                } catch (TrainerTest.StopHere e) {
                    System.out.println("STOPPED at step " + trainer.step());
                }
                write(weightsFile, TrainerTest.weights(trainer.model()));
            }
        } catch (CollectiveException e) {
            System.out.println("LOST " + e.lostRanks() + " " + e.getMessage());
            code = ExitCodes.PEER_LOST;
        }
        System.out.flush();
        System.exit(code);
    }

    static void write(Path file, Map<String, float[]> weights) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(weights.size());
            for (Map.Entry<String, float[]> e : weights.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float v : e.getValue()) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /** This rank's shard of every global batch (what the data loader does with (rank, worldSize)). */
    static final class RankShard implements BatchSource<PretrainBatch> {
        private final BatchSource<PretrainBatch> global;
        private final PretrainTask task;
        private final int rank;
        private final int size;

        RankShard(BatchSource<PretrainBatch> global, PretrainTask task, int rank, int size) {
            this.global = global;
            this.task = task;
            this.rank = rank;
            this.size = size;
        }

        @Override
        public PretrainBatch next() {
            List<PretrainBatch> shards = task.split(global.next(), size);
            return shards.get(rank);
        }

        @Override
        public void seek(long batchesConsumed) {
            global.seek(batchesConsumed);
        }
    }
}
