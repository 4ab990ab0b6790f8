package org.simvtp.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes chosen frames of a video file to RGB uint8 with the bundled FFmpeg (bytedeco).
 *
 * <p><b>Frame indices.</b> Frame {@code k} is the {@code k}-th frame the FFmpeg decoder outputs when the stream is
 * decoded from the start: the {@code k}-th frame of {@code ffmpeg -i FILE -fps_mode passthrough -f framemd5 -}
 * (and decord's frame {@code k}), {@code 0 .. frameCount-1}; a frame flushed out of the decoder at the end of the
 * stream takes the next position. Rotation metadata is not applied. {@link #open} builds an index of the video
 * stream by demuxing every packet once (no decoding: cost is reading the file, typically a few milliseconds per
 * megabyte), so {@link VideoInfo#frameCount()} is the number of packets, which equals
 * {@code ffprobe -count_frames} for intact files (packets the container marks as discarded, e.g. before an MP4 edit
 * list's start, are not counted, as the decoder drops their frames).
 *
 * <p><b>Numbering rule.</b> Timestamps are <em>trusted</em> when every packet has a unique timestamp, packets
 * carry presentation timestamps wherever the stream reorders frames (B-frames), and a decoder reordering by the
 * stream's declared delay would emit them in increasing order. Then the output frame with the {@code k}-th smallest
 * timestamp is frame {@code k} (equal to the output order), which lets {@code decode} seek and recognise the frame
 * it lands on. Whenever decoding shows that the timestamps do not follow the decoder's output order (a frame
 * decoded from the start without the next timestamp, or consecutive frames after a seek whose timestamps are not
 * consecutive), the decoder stops trusting them for the rest of its life and redoes the call. Where timestamps are
 * not trusted (missing timestamps, decode timestamps only with B-frames as in AVI with MPEG-4 Part 2, duplicated
 * timestamps, timestamps that jump backwards as in concatenated segments), frames are numbered by decoder output
 * order from the start of the file and reached by decoding forward without seeking
 * ({@link #numbersByOutputOrder()}). A decoded frame is never placed at a position other than its own.
 *
 * <p><b>Strategy.</b> {@link DecodeStrategy#SEQUENTIAL} decodes from the start; {@link DecodeStrategy#SEEK}
 * seeks back to the keyframe before each target that lies ahead; {@link DecodeStrategy#AUTO} (default) seeks
 * only where that skips more frames than {@link DecoderOptions#seekCostFrames()} — dense requests and short
 * clips decode straight through. Both paths return identical pixels. If a seek lands somewhere unexpected the
 * decoder falls back to sequential decoding for the rest of the call. Files numbered by output order (see above)
 * are always decoded forward: from the current position, or from the start (reopening the file) for a frame
 * behind it.
 *
 * <p><b>Errors.</b> Every failure (missing, empty, truncated or non-video file, no video stream, no decoder,
 * frame side above {@link DecoderOptions#maxDimension()}, index out of range, timeout) is a
 * {@link VideoDecodeException} naming the file. Broken packets are skipped (a decoder that drops a frame shifts
 * the numbering like it shifts ffmpeg's). If the stream ends before a requested frame (a truncated or damaged file
 * whose packets do not all decode), the last decoded frame stands in for the missing ones: a documented
 * substitution, logged as a warning and counted by {@link #substitutedFramesInLastCall()}; if no frame at all can
 * be decoded the call fails.
 *
 * <p><b>Time bound.</b> Opening (including indexing) and each {@code decode} call must finish within
 * {@link DecoderOptions#timeout()}; I/O is interrupted through FFmpeg's interrupt callback and the decode loop
 * checks the clock.
 *
 * <p><b>Threads.</b> An instance is <em>not</em> thread-safe: use one decoder per thread (instances on different
 * threads are independent). Native resources are released by {@link #close()}, which is idempotent.
 *
 * <pre>{@code
 * try (VideoDecoder decoder = VideoDecoder.open(Path.of("clip.mp4"))) {
 *     int n = decoder.info().frameCount();
 *     DecodedClip clip = decoder.decode(new int[] {0, 4, 8, 8}, 224, 224); // [4, 224, 224, 3]
 * }
 * }</pre>
 */
public final class VideoDecoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoDecoder.class);
    private static final InterruptCallback INTERRUPT;
    private static final int MAX_DECODE_ERRORS = 10_000;
    private static final int MISMATCH = -2;
    private static final int REOPEN = -3;

    static {
        FfmpegLogging.init();
        INTERRUPT = new InterruptCallback();
    }

    private final Path file;
    private final DecoderOptions options;
    private final LongPointer deadlineCell = new LongPointer(1);
    private long deadlineNanos;

    private AVFormatContext fmt;
    private int streamIndex = -1;
    private AVCodecContext codecCtx;
    private AVFrame frame;
    private AVFrame lastFrame;
    private boolean haveLastFrame;
    private AVPacket packet;
    private SwsContext sws;
    private BytePointer rgb;
    private long rgbCapacity;
    private final PointerPointer<Pointer> rgbData = new PointerPointer<>(4);
    private final IntPointer rgbLinesize = new IntPointer(4);
    private FrameIndex index;
    private VideoInfo info;
    private double timeBase;
    private boolean closed;

    // decoding cursor
    private boolean positionKnown;
    private int lastPosition = -1;
    private boolean draining;
    private boolean exhausted;
    private boolean fromStart;
    private boolean justRewound;
    private int decodeErrors;
    private int seeksInLastCall;
    private int substitutedInLastCall;
    private int seekKeyPosition;
    /** Number frames by decoder output order (timestamps untrusted, from the index or found out while decoding). */
    private boolean byOutputOrder;

    private VideoDecoder(Path file, DecoderOptions options) {
        this.file = file;
        this.options = options;
    }

    /**
     * Opens a video with default options.
     *
     * @param file the video file
     * @return an open decoder (close it)
     * @throws VideoDecodeException if the file cannot be opened as a video
     */
    public static VideoDecoder open(Path file) {
        return open(file, DecoderOptions.defaults());
    }

    /**
     * Opens a video: probes the container, opens the decoder and builds the frame index.
     *
     * @param file the video file
     * @param options decoder options
     * @return an open decoder (close it)
     * @throws VideoDecodeException if the file cannot be opened as a video
     */
    public static VideoDecoder open(Path file, DecoderOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        checkFile(file);
        VideoDecoder d = new VideoDecoder(file, options);
        boolean ok = false;
        try {
            d.init();
            ok = true;
            return d;
        } catch (VideoDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new VideoDecodeException(file, "unexpected failure while opening: " + e, e);
        } finally {
            if (!ok) {
                d.close();
            }
        }
    }

    /**
     * Facts about the video stream (frame count, fps, size, codec).
     *
     * @return the info
     */
    public VideoInfo info() {
        ensureOpen();
        return info;
    }

    /**
     * Exact number of frames in presentation order (same as {@code info().frameCount()}).
     *
     * @return the frame count
     */
    public int frameCount() {
        return info().frameCount();
    }

    /**
     * The file this decoder reads.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Decodes frames at the stream's own size.
     *
     * @param frameIndices indices in presentation order; may repeat and need not be sorted
     * @return the frames in request order, {@code [F, height, width, 3]}
     * @throws VideoDecodeException on failure or an index out of range
     */
    public DecodedClip decode(int[] frameIndices) {
        return decode(frameIndices, 0, 0);
    }

    /**
     * Decodes frames scaled (swscale bilinear) to {@code outWidth x outHeight} with the configured strategy.
     *
     * @param frameIndices indices in presentation order; may repeat and need not be sorted
     * @param outWidth output width, or {@code <= 0} for the stream's width
     * @param outHeight output height, or {@code <= 0} for the stream's height
     * @return the frames in request order, {@code [F, outHeight, outWidth, 3]}
     * @throws VideoDecodeException on failure or an index out of range
     */
    public DecodedClip decode(int[] frameIndices, int outWidth, int outHeight) {
        return decode(frameIndices, outWidth, outHeight, options.strategy());
    }

    /**
     * Decodes frames with an explicit strategy (overrides the options).
     *
     * @param frameIndices indices in presentation order; may repeat and need not be sorted
     * @param outWidth output width, or {@code <= 0} for the stream's width
     * @param outHeight output height, or {@code <= 0} for the stream's height
     * @param strategy how to reach the frames
     * @return the frames in request order, {@code [F, outHeight, outWidth, 3]}
     * @throws VideoDecodeException on failure or an index out of range
     */
    public DecodedClip decode(int[] frameIndices, int outWidth, int outHeight, DecodeStrategy strategy) {
        ensureOpen();
        Objects.requireNonNull(frameIndices, "frameIndices");
        Objects.requireNonNull(strategy, "strategy");
        if (frameIndices.length == 0) {
            throw new IllegalArgumentException("no frame indices requested");
        }
        int n = info.frameCount();
        for (int i : frameIndices) {
            if (i < 0 || i >= n) {
                throw new VideoDecodeException(file, "frame index " + i + " out of range [0, " + n + ")");
            }
        }
        int w = outWidth > 0 ? outWidth : info.width();
        int h = outHeight > 0 ? outHeight : info.height();
        if (w > options.maxDimension() || h > options.maxDimension()) {
            throw new VideoDecodeException(
                    file, "output size " + w + "x" + h + " exceeds the limit of " + options.maxDimension() + " px");
        }
        long total = (long) frameIndices.length * w * h * 3;
        if (total > Integer.MAX_VALUE - 16) {
            throw new VideoDecodeException(
                    file,
                    "requested " + frameIndices.length + " frames of " + w + "x" + h + " do not fit in one array ("
                            + total + " bytes)");
        }
        startDeadline();
        try {
            return decodeInternal(frameIndices, w, h, strategy, (int) total);
        } catch (VideoDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new VideoDecodeException(file, "unexpected failure while decoding: " + e, e);
        }
    }

    /**
     * Number of seeks performed by the last {@code decode} call (0 = decoded straight through); useful to check
     * which path {@link DecodeStrategy#AUTO} took.
     *
     * @return the seek count
     */
    public int seeksInLastCall() {
        return seeksInLastCall;
    }

    /**
     * Number of requested frames in the last {@code decode} call that could not be decoded because the stream
     * ended early (truncated or damaged file) and were filled with the last decodable frame (0 normally; a warning
     * is logged whenever this is not 0).
     *
     * @return the substituted frame count
     */
    public int substitutedFramesInLastCall() {
        return substitutedInLastCall;
    }

    /**
     * Whether frames are numbered by the decoder's output order because the stream's timestamps cannot be trusted
     * (missing, duplicated, decode timestamps only with B-frames, or not following the output order); such files
     * are decoded without seeking.
     *
     * @return true when numbering by output order
     */
    public boolean numbersByOutputOrder() {
        return byOutputOrder;
    }

    /**
     * Presentation time of every frame, in seconds from frame 0: from the stream's timestamps where they are trusted
     * (see the numbering rule), otherwise {@code k / fps}. Non-decreasing; element {@code k} belongs to frame
     * {@code k} of {@link #decode}.
     *
     * @return {@code frameCount} times, the first 0
     */
    public double[] frameTimes() {
        ensureOpen();
        int n = index.frameCount();
        double[] out = new double[n];
        boolean stamped = index.timestampsUsable() && !byOutputOrder && timeBase > 0;
        double fps = info.fps() > 0 ? info.fps() : 25.0;
        for (int k = 0; k < n; k++) {
            out[k] = stamped ? (index.timestamp(k) - index.firstTimestamp()) * timeBase : k / fps;
        }
        return out;
    }

    /** Releases every native resource; safe to call more than once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (lastFrame != null) {
            av_frame_free(lastFrame);
            lastFrame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codecCtx != null) {
            avcodec_free_context(codecCtx);
            codecCtx = null;
        }
        closeFormat();
        if (rgb != null) {
            rgb.close();
            rgb = null;
        }
        rgbData.close();
        rgbLinesize.close();
        deadlineCell.close();
    }

    // ------------------------------------------------------------------------------------------------ opening

    private static void checkFile(Path file) {
        if (!Files.exists(file)) {
            throw new VideoDecodeException(file, "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new VideoDecodeException(file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new VideoDecodeException(file, "file not readable");
        }
        try {
            if (Files.size(file) == 0) {
                throw new VideoDecodeException(file, "empty file (0 bytes)");
            }
        } catch (java.io.IOException e) {
            throw new VideoDecodeException(file, "cannot read file size: " + e.getMessage(), e);
        }
    }

    private void init() {
        startDeadline();
        openFormat();
        AVStream st = fmt.streams(streamIndex);
        AVCodecParameters par = st.codecpar();
        String codecName = avcodec_get_name(par.codec_id()).getString();
        int w = par.width();
        int h = par.height();
        if (w <= 0 || h <= 0) {
            throw new VideoDecodeException(file, "video stream has invalid frame size " + w + "x" + h);
        }
        if (w > options.maxDimension() || h > options.maxDimension()) {
            throw new VideoDecodeException(
                    file, "frame size " + w + "x" + h + " exceeds the limit of " + options.maxDimension() + " px");
        }
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        if (codec == null || codec.isNull()) {
            throw new VideoDecodeException(file, "no decoder for codec '" + codecName + "'");
        }
        codecCtx = avcodec_alloc_context3(codec);
        if (codecCtx == null || codecCtx.isNull()) {
            throw new VideoDecodeException(file, "cannot allocate a decoder context");
        }
        check(avcodec_parameters_to_context(codecCtx, par), "copying codec parameters");
        codecCtx.thread_count(options.threadCount());
        check(avcodec_open2(codecCtx, codec, (AVDictionary) null), "opening the '" + codecName + "' decoder");
        frame = av_frame_alloc();
        lastFrame = av_frame_alloc();
        packet = av_packet_alloc();
        if (frame == null || lastFrame == null || packet == null) {
            throw new VideoDecodeException(file, "cannot allocate frames/packets");
        }
        index = buildIndex();
        byOutputOrder = !index.timestampsUsable();
        timeBase = av_q2d(st.time_base());
        info = new VideoInfo(file, index.frameCount(), fps(st), duration(st), w, h, codecName);
        rewind();
    }

    private void openFormat() {
        AVFormatContext ctx = avformat_alloc_context();
        if (ctx == null || ctx.isNull()) {
            throw new VideoDecodeException(file, "cannot allocate a format context");
        }
        AVIOInterruptCB cb = ctx.interrupt_callback();
        cb.callback(INTERRUPT);
        cb.opaque(deadlineCell);
        int ret = avformat_open_input(ctx, file.toAbsolutePath().toString(), null, null);
        if (ret < 0) {
            // FFmpeg frees a user-supplied context on failure.
            throw failure("not a readable media file", ret);
        }
        fmt = ctx;
        ret = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
        if (ret < 0) {
            throw failure("cannot read stream information", ret);
        }
        int vs = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (vs < 0) {
            throw new VideoDecodeException(file, "no video stream (" + fmt.nb_streams() + " other streams)");
        }
        if ((fmt.streams(vs).disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) {
            throw new VideoDecodeException(file, "no video stream (only an attached picture)");
        }
        for (int i = 0; i < fmt.nb_streams(); i++) {
            if (i != vs) {
                fmt.streams(i).discard(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL);
            }
        }
        streamIndex = vs;
    }

    private void closeFormat() {
        if (fmt != null) {
            if (!fmt.isNull()) {
                avformat_close_input(fmt);
            }
            fmt = null;
        }
    }

    private FrameIndex buildIndex() {
        long[] ts = new long[1024];
        boolean[] key = new boolean[1024];
        boolean[] hasPts = new boolean[1024];
        int n = 0;
        while (true) {
            checkDeadline("indexing");
            int ret = av_read_frame(fmt, packet);
            if (ret == AVERROR_EAGAIN()) {
                continue;
            }
            if (ret < 0) {
                if (ret == AVERROR_EXIT) {
                    throw timeout("indexing");
                }
                break;
            }
            try {
                if (packet.stream_index() == streamIndex && (packet.flags() & AV_PKT_FLAG_DISCARD) == 0) {
                    if (n == ts.length) {
                        ts = Arrays.copyOf(ts, n * 2);
                        key = Arrays.copyOf(key, n * 2);
                        hasPts = Arrays.copyOf(hasPts, n * 2);
                    }
                    hasPts[n] = packet.pts() != AV_NOPTS_VALUE;
                    long t = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    ts[n] = t == AV_NOPTS_VALUE ? Long.MIN_VALUE : t;
                    key[n] = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                    n++;
                }
            } finally {
                av_packet_unref(packet);
            }
        }
        if (n == 0) {
            throw new VideoDecodeException(file, "the video stream contains no frames");
        }
        int delay = Math.max(0, fmt.streams(streamIndex).codecpar().video_delay());
        return FrameIndex.build(ts, hasPts, key, n, delay);
    }

    private double fps(AVStream st) {
        for (AVRational r : new AVRational[] {st.avg_frame_rate(), st.r_frame_rate()}) {
            if (r.num() > 0 && r.den() > 0) {
                return av_q2d(r);
            }
        }
        double d = duration(st);
        return d > 0 ? index.frameCount() / d : 0.0;
    }

    private double duration(AVStream st) {
        double tb = av_q2d(st.time_base());
        if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0 && tb > 0) {
            return st.duration() * tb;
        }
        if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0) {
            return fmt.duration() / (double) AV_TIME_BASE;
        }
        if (index.timestampsUsable() && tb > 0 && index.frameCount() > 1) {
            double span = (index.lastTimestamp() - index.firstTimestamp()) * tb;
            return span * index.frameCount() / (index.frameCount() - 1);
        }
        return 0.0;
    }

    // ----------------------------------------------------------------------------------------------- decoding

    private DecodedClip decodeInternal(int[] request, int w, int h, DecodeStrategy strategy, int totalBytes) {
        int[] order = sortedSlots(request);
        int[] targets = distinctTargets(request, order);
        byte[] out = new byte[totalBytes];
        int frameBytes = w * h * 3;
        boolean seekAllowed = strategy != DecodeStrategy.SEQUENTIAL && !byOutputOrder;
        int penalty = strategy == DecodeStrategy.SEEK ? 0 : options.seekCostFrames();
        boolean reopened = false;
        seeksInLastCall = 0;
        substitutedInLastCall = 0;
        decodeErrors = 0;

        int ti = 0;
        int slot = 0;
        seekAllowed = reposition(targets[0], seekAllowed, penalty);
        while (ti < targets.length) {
            if (!nextFrame()) {
                if (!fromStart) {
                    // the stream ended after a seek before the target was identified (the seek landed past it or
                    // after the last keyframe): decode this call from the start instead
                    seekAllowed = false;
                    rewind();
                    continue;
                }
                if (!haveLastFrame || lastPosition < 0) {
                    throw new VideoDecodeException(
                            file,
                            "no frame could be decoded"
                                    + (ti > 0 || lastPosition >= 0 ? " at or after frame " + targets[ti] : ""));
                }
                // Documented, counted substitution: the stream ends before frameCount() (truncated or damaged).
                int missing = order.length - slot;
                substitutedInLastCall = missing;
                LOG.warn(
                        "{}: the stream ends after frame {} of {}; {} requested frame(s) from {} on are substituted"
                                + " by frame {}",
                        file,
                        lastPosition,
                        info.frameCount(),
                        missing,
                        targets[ti],
                        lastPosition);
                convert(lastFrame, w, h);
                while (slot < order.length) {
                    copyRgb(out, order[slot++] * frameBytes, w, h);
                }
                break;
            }
            int pos = resolvePosition();
            if (pos == REOPEN) {
                if (!reopened) {
                    // rewinding by seek missed the first frames: reopen the file and count from the true start
                    reopened = true;
                    reopenFormat();
                    continue;
                }
                pos = MISMATCH;
            }
            if (pos == MISMATCH) {
                // timestamps disagree with the decoder's output order: number by output order from now on and
                // redo this call from the start (frames already placed may have been identified wrongly)
                distrustTimestamps();
                seekAllowed = false;
                rewind();
                ti = 0;
                slot = 0;
                continue;
            }
            if (pos < 0) {
                // a frame after a seek could not be identified: decode this call from the start instead
                seekAllowed = false;
                rewind();
                continue;
            }
            av_frame_unref(lastFrame);
            if (av_frame_ref(lastFrame, frame) >= 0) {
                haveLastFrame = true;
            }
            if (pos < targets[ti]) {
                continue;
            }
            if (pos > targets[ti]) {
                // a seek overshot the target: decode this call from the start instead
                seekAllowed = false;
                rewind();
                continue;
            }
            convert(frame, w, h);
            while (slot < order.length && request[order[slot]] == targets[ti]) {
                copyRgb(out, order[slot++] * frameBytes, w, h);
            }
            ti++;
            if (ti < targets.length) {
                seekAllowed = reposition(targets[ti], seekAllowed, penalty);
            }
        }
        return DecodedClip.of(out, request.length, h, w);
    }

    /** Switches to numbering by decoder output order for the rest of this decoder's life. */
    private void distrustTimestamps() {
        if (!byOutputOrder) {
            LOG.debug(
                    "{}: frame timestamps do not follow the decoder's output order; numbering frames by output"
                            + " order",
                    file);
            byOutputOrder = true;
        }
    }

    /** Moves the cursor so that decoding forward reaches {@code target}; returns whether seeking stays allowed. */
    private boolean reposition(int target, boolean seekAllowed, int penalty) {
        boolean canContinue = positionKnown && !exhausted && lastPosition < target;
        if (!seekAllowed) {
            if (!canContinue) {
                rewind();
            }
            return false;
        }
        int key = index.keyframeAtOrBefore(target);
        if (!canContinue) {
            if (key > 0) {
                return seekTo(key);
            }
            rewind();
            return true;
        }
        long continueCost = (long) target - lastPosition;
        long seekCost = (long) target - key + 1 + penalty;
        if (seekCost < continueCost) {
            return seekTo(key);
        }
        return true;
    }

    private boolean seekTo(int keyPosition) {
        int ret = av_seek_frame(fmt, streamIndex, index.timestamp(keyPosition), AVSEEK_FLAG_BACKWARD);
        if (ret < 0) {
            LOG.debug("{}: seek failed ({}), decoding sequentially", file, errorString(ret));
            rewind();
            return false;
        }
        avcodec_flush_buffers(codecCtx);
        positionKnown = false;
        seekKeyPosition = keyPosition;
        draining = false;
        exhausted = false;
        fromStart = false;
        justRewound = false;
        seeksInLastCall++;
        return true;
    }

    private void rewind() {
        int ret = -1;
        if (!byOutputOrder) {
            ret = av_seek_frame(fmt, streamIndex, index.firstTimestamp(), AVSEEK_FLAG_BACKWARD);
        }
        if (ret < 0) {
            reopenFormat();
            return;
        }
        resetToStart();
    }

    private void reopenFormat() {
        closeFormat();
        openFormat();
        resetToStart();
    }

    private void resetToStart() {
        avcodec_flush_buffers(codecCtx);
        positionKnown = true;
        lastPosition = -1;
        draining = false;
        exhausted = false;
        fromStart = true;
        justRewound = true;
    }

    /** Decodes the next frame into {@code frame}; false at the end of the stream. */
    private boolean nextFrame() {
        while (true) {
            checkDeadline("decoding");
            int ret = avcodec_receive_frame(codecCtx, frame);
            if (ret >= 0) {
                return true;
            }
            if (ret == AVERROR_EOF) {
                exhausted = true;
                return false;
            }
            if (ret != AVERROR_EAGAIN()) {
                countDecodeError(ret);
                continue;
            }
            if (draining) {
                exhausted = true;
                return false;
            }
            ret = av_read_frame(fmt, packet);
            if (ret == AVERROR_EAGAIN()) {
                continue;
            }
            if (ret < 0) {
                if (ret == AVERROR_EXIT) {
                    throw timeout("decoding");
                }
                avcodec_send_packet(codecCtx, (AVPacket) null);
                draining = true;
                continue;
            }
            try {
                if (packet.stream_index() == streamIndex) {
                    int s = avcodec_send_packet(codecCtx, packet);
                    if (s < 0 && s != AVERROR_EAGAIN() && s != AVERROR_EOF) {
                        countDecodeError(s);
                    }
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private void countDecodeError(int ret) {
        decodeErrors++;
        LOG.debug("{}: decode error {}", file, errorString(ret));
        if (decodeErrors > MAX_DECODE_ERRORS) {
            throw failure("too many broken packets", ret);
        }
    }

    /**
     * Position of the frame just decoded: by output order when counting from the start with untrusted timestamps,
     * otherwise by timestamp, checked against the output order. Returns -1 when a frame after a seek cannot be
     * identified, {@link #MISMATCH} when timestamps contradict the output order, {@link #REOPEN} when a rewind by
     * seeking missed the first frames.
     */
    private int resolvePosition() {
        if (byOutputOrder) {
            if (!positionKnown) {
                return -1;
            }
            return ++lastPosition;
        }
        long ts = frame.best_effort_timestamp();
        int pos = ts == AV_NOPTS_VALUE ? -1 : index.positionOf(ts);
        if (fromStart) {
            if (justRewound) {
                justRewound = false;
                if (pos > 0) {
                    return REOPEN;
                }
            }
            if (pos != lastPosition + 1) {
                return MISMATCH;
            }
            lastPosition = pos;
            return pos;
        }
        if (pos < 0) {
            return -1;
        }
        if (positionKnown && lastPosition >= seekKeyPosition && pos != lastPosition + 1) {
            return MISMATCH;
        }
        positionKnown = true;
        lastPosition = pos;
        return pos;
    }

    /** Converts a decoded frame to packed RGB24 of the given size in {@code rgb}. */
    private void convert(AVFrame f, int w, int h) {
        int fw = f.width();
        int fh = f.height();
        int pixFmt = f.format();
        if (fw <= 0 || fh <= 0 || pixFmt < 0 || fw > options.maxDimension() || fh > options.maxDimension()) {
            throw new VideoDecodeException(
                    file, "decoded frame has invalid size " + fw + "x" + fh + " or pixel format " + pixFmt);
        }
        sws = sws_getCachedContext(
                sws, fw, fh, pixFmt, w, h, AV_PIX_FMT_RGB24, SWS_BILINEAR, null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new VideoDecodeException(
                    file, "cannot convert pixel format " + pixFmt + " " + fw + "x" + fh + " to RGB " + w + "x" + h);
        }
        int srcRange = f.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
        sws_setColorspaceDetails(
                sws,
                sws_getCoefficients(f.colorspace()),
                srcRange,
                sws_getCoefficients(SWS_CS_DEFAULT),
                1,
                0,
                1 << 16,
                1 << 16);
        // Rows aligned like libavfilter's frame buffers: swscale picks its conversion path by the destination
        // alignment, and an unaligned row (width*3 not a multiple of 32) would give other bits than the CLI.
        int stride = alignedStride(w);
        long needed = (long) stride * h + 64;
        if (rgb == null || rgbCapacity < needed) {
            if (rgb != null) {
                rgb.close();
            }
            rgb = new BytePointer(needed);
            rgbCapacity = needed;
        }
        rgb.position(0);
        rgbData.put(0, rgb);
        rgbLinesize.put(0, stride);
        int ret = sws_scale(sws, f.data(), f.linesize(), 0, fh, rgbData, rgbLinesize);
        if (ret <= 0) {
            throw failure("pixel conversion failed", ret);
        }
    }

    private static int alignedStride(int w) {
        return (w * 3 + 31) & ~31;
    }

    /** Copies the converted frame in {@code rgb} (rows of {@link #alignedStride}) to packed rows in {@code out}. */
    private void copyRgb(byte[] out, int offset, int w, int h) {
        int row = w * 3;
        int stride = alignedStride(w);
        if (stride == row) {
            rgb.position(0).get(out, offset, row * h);
            return;
        }
        for (int y = 0; y < h; y++) {
            rgb.position((long) y * stride).get(out, offset + y * row, row);
        }
        rgb.position(0);
    }

    private static int[] sortedSlots(int[] request) {
        Integer[] boxed = new Integer[request.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Integer.compare(request[a], request[b]));
        int[] order = new int[boxed.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    private static int[] distinctTargets(int[] request, int[] order) {
        int[] targets = new int[order.length];
        int m = 0;
        for (int slot : order) {
            if (m == 0 || targets[m - 1] != request[slot]) {
                targets[m++] = request[slot];
            }
        }
        return Arrays.copyOf(targets, m);
    }

    // --------------------------------------------------------------------------------------------- utilities

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("decoder for " + file + " is closed");
        }
    }

    private void startDeadline() {
        long now = System.nanoTime();
        long nanos = options.timeout().toNanos();
        deadlineNanos = now + nanos;
        deadlineCell.put(0, deadlineNanos);
    }

    private void checkDeadline(String stage) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw timeout(stage);
        }
    }

    private VideoDecodeException timeout(String stage) {
        return new VideoDecodeException(
                file, "timed out after " + options.timeout().toMillis() + " ms while " + stage);
    }

    private void check(int ret, String what) {
        if (ret < 0) {
            throw failure(what + " failed", ret);
        }
    }

    private VideoDecodeException failure(String what, int ret) {
        if (ret == AVERROR_EXIT) {
            return timeout(what);
        }
        return new VideoDecodeException(file, what + " (" + errorString(ret) + ")");
    }

    static String errorString(int ret) {
        byte[] buf = new byte[256];
        if (av_strerror(ret, buf, buf.length) < 0) {
            return "FFmpeg error " + ret;
        }
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8) + ", code " + ret;
    }

    /** Interrupt callback shared by all decoders; its opaque pointer holds that decoder's deadline. */
    private static final class InterruptCallback extends AVIOInterruptCB.Callback_Pointer {
        InterruptCallback() {
            super();
        }

        @Override
        public int call(Pointer opaque) {
            if (opaque == null || opaque.isNull()) {
                return 0;
            }
            long deadline = new LongPointer(opaque).get(0);
            return System.nanoTime() - deadline > 0 ? 1 : 0;
        }
    }
}
