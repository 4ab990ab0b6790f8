package org.simvtp.train;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoDecoder;
import org.simvtp.data.video.VideoWriter;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.train.pretrain.PretrainBatch;
import org.simvtp.train.pretrain.PretrainTask;

/**
 * The long run of {@code SoakTest}: pre-trains {@link SimvtpConfig#tiny()} (batch 4) on a few in-memory batches
 * used in turn, and before every step decodes a small H.264 clip a few times (open, decode 4 frames, close), as a
 * loader would, so that {@code steps} steps make {@code decodes} decodes. Every {@code sampleEvery} steps it
 * appends a line to {@code samplesFile}: {@code step decodes rssKiB heapUsed heapCommitted javacppBytes
 * liveNDArrays}. Arguments: {@code steps decodes sampleEvery samplesFile workDir}.
 */
public final class SoakWorker {
    private static final int BATCH = 4;
    private static final int DISTINCT_BATCHES = 8;

    private SoakWorker() {}

    public static void main(String[] args) throws IOException {
        long steps = Long.parseLong(args[0]);
        long decodes = Long.parseLong(args[1]);
        long sampleEvery = Long.parseLong(args[2]);
        Path samplesFile = Path.of(args[3]);
        Path clip = Files.createDirectories(Path.of(args[4])).resolve("soak-clip.mp4");
        VideoWriter.write(gradientClip(16, 64, 48), 25, VideoCodec.H264, clip);
        SimvtpConfig config = SimvtpConfig.tiny();
        RandomPretrainBatches random = new RandomPretrainBatches(config, BATCH, 3);
        List<PretrainBatch> batches = new ArrayList<>();
        for (int i = 0; i < DISTINCT_BATCHES; i++) {
            batches.add(random.batch(i));
        }
        DecodingBatches source = new DecodingBatches(batches, clip, steps, decodes);
        try (PrintStream out = new PrintStream(Files.newOutputStream(samplesFile), true, StandardCharsets.UTF_8);
                Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(new PretrainTask(config))
                        .optConfig(TrainerConfig.builder()
                                .optTotalSteps(steps)
                                .optWarmupSteps(Math.min(50, steps))
                                .optBaseLr(5e-4)
                                .optMinLr(1e-5)
                                .optSeed(9)
                                .build())
                        .build()) {
            NDManager root = rootOf(trainer);
            trainer.fit(new BatchSource<>() {
                @Override
                public PretrainBatch next() {
                    long done = source.position();
                    if (done % sampleEvery == 0) {
                        out.println(sample(done, source.decodes(), root));
                    }
                    return source.next();
                }

                @Override
                public void seek(long batchesConsumed) {
                    source.seek(batchesConsumed);
                }
            });
            out.println(sample(source.position(), source.decodes(), root));
        }
    }

    private static String sample(long step, long decodes, NDManager root) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        int live = root instanceof BaseNDManager b ? b.getManagedArrays().size() : -1;
        return step + " " + decodes + " " + rssKiB() + " " + heap.getUsed() + " " + heap.getCommitted() + " "
                + Pointer.totalBytes() + " " + live;
    }

    /** VmRSS of this process in KiB (Linux), or -1. */
    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The trainer's base manager: the ancestor of the weights' manager just below DJL's system manager. */
    private static NDManager rootOf(Trainer<SimvtpPretrainModel, PretrainBatch> trainer) {
        NDManager m = trainer.model()
                .namedParameters()
                .values()
                .iterator()
                .next()
                .getArray()
                .getManager();
        while (m.getParentManager() != null && m.getParentManager().getParentManager() != null) {
            m = m.getParentManager();
        }
        return m;
    }

    private static DecodedClip gradientClip(int frames, int width, int height) {
        byte[] data = new byte[frames * height * width * 3];
        int i = 0;
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    data[i++] = (byte) (x * 4 + f * 8);
                    data[i++] = (byte) (y * 5);
                    data[i++] = (byte) (f * 15);
                }
            }
        }
        return DecodedClip.of(data, frames, height, width);
    }

    /** Cycles through in-memory batches and decodes the clip before each, spreading the decodes evenly. */
    private static final class DecodingBatches implements BatchSource<PretrainBatch> {
        private static final int[] FRAMES = {0, 5, 10, 15};
        private final List<PretrainBatch> batches;
        private final Path clip;
        private final long steps;
        private final long totalDecodes;
        private long position;
        private long decodes;

        DecodingBatches(List<PretrainBatch> batches, Path clip, long steps, long totalDecodes) {
            this.batches = batches;
            this.clip = clip;
            this.steps = steps;
            this.totalDecodes = totalDecodes;
        }

        @Override
        public PretrainBatch next() {
            long target = (position + 1) * totalDecodes / steps;
            while (decodes < target) {
                try (VideoDecoder d = VideoDecoder.open(clip)) {
                    d.decode(FRAMES);
                }
                decodes++;
            }
            return batches.get((int) (position++ % batches.size()));
        }

        @Override
        public void seek(long batchesConsumed) {
            position = batchesConsumed;
        }

        long position() {
            return position;
        }

        long decodes() {
            return decodes;
        }
    }
}
