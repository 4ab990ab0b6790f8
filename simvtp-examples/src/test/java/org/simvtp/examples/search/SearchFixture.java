package org.simvtp.examples.search;

import java.io.IOException;
import java.nio.file.Path;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.examples.TestData;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.models.facade.VideoIndex;

/** A small random model and an index over synthetic VP8/WebM clips (a codec every Chromium plays). */
final class SearchFixture implements AutoCloseable {

    final Path videos;
    final Simvtp model;
    final VideoIndex index;

    private SearchFixture(Path videos, Simvtp model, VideoIndex index) {
        this.videos = videos;
        this.model = model;
        this.index = index;
    }

    /**
     * Writes {@code n} clips of 96×72 pixels, 48 frames at 24 fps, under {@code dir/videos} and indexes them with one
     * view per video; {@code beforeIndexing} may add files first.
     */
    static SearchFixture create(Path dir, int n, IOConsumer beforeIndexing) throws IOException {
        Path videos = SyntheticVideoText.builder()
                .optSeed(5)
                .optSize(96, 72)
                .optFrames(48)
                .optFps(24)
                .build()
                .writeDataset(dir.resolve("videos"), n, VideoCodec.VP8)
                .getParent();
        beforeIndexing.accept(videos);
        SimvtpConfig config = TestData.smallConfig();
        Simvtp model = Simvtp.fromConfig(
                config,
                ModelKind.PRETRAINING,
                SimvtpOptions.builder().optViews(1, 1).build());
        try {
            return new SearchFixture(videos, model, VideoIndex.build(model, videos, dir.resolve("index")));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** A step that may throw {@link IOException}. */
    interface IOConsumer {
        void accept(Path folder) throws IOException;
    }
}
