package org.simvtp.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Encodes RGB uint8 clips to video files in-process with the bundled FFmpeg libraries (no executable needed):
 * rgb24 → yuv420p with swscale, then {@link VideoCodec} (libopenh264, mpeg4 or libvpx), muxed by file extension.
 *
 * <p>Stateless and thread-safe (each call owns its native resources and frees them before returning).
 *
 * <pre>{@code
 * VideoWriter.write(clip, 25, VideoCodec.H264, Path.of("out.mp4"));       // keyframe every 12 frames
 * VideoWriter.write(clip, 25, VideoCodec.VP8, 5, Path.of("out.webm"));     // keyframe every 5 frames
 * }</pre>
 */
public final class VideoWriter {
    static {
        FfmpegLogging.init();
    }

    private VideoWriter() {}

    /**
     * Writes a clip with a keyframe every 12 frames.
     *
     * @param clip frames; width and height must be even
     * @param fps frame rate
     * @param codec encoder
     * @param out output file (overwritten); its extension picks the container
     * @throws VideoEncodeException if encoding fails
     */
    public static void write(DecodedClip clip, int fps, VideoCodec codec, Path out) {
        write(clip, fps, codec, 12, out);
    }

    /**
     * Writes a clip.
     *
     * @param clip frames; width and height must be even
     * @param fps frame rate
     * @param codec encoder
     * @param gop keyframe interval in frames
     * @param out output file (overwritten); its extension picks the container
     * @throws VideoEncodeException if encoding fails
     */
    public static void write(DecodedClip clip, int fps, VideoCodec codec, int gop, Path out) {
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(out, "out");
        if (clip.width() % 2 != 0 || clip.height() % 2 != 0) {
            throw new IllegalArgumentException(
                    "width and height must be even for yuv420p, got " + clip.width() + "x" + clip.height());
        }
        if (fps <= 0 || gop <= 0) {
            throw new IllegalArgumentException("fps and gop must be positive, got " + fps + ", " + gop);
        }
        new Job(clip, fps, codec, gop, out).run();
    }

    /** One encoding run; owns and frees every native object. */
    private static final class Job {
        private final DecodedClip clip;
        private final int fps;
        private final VideoCodec codec;
        private final int gop;
        private final Path out;
        private AVFormatContext oc;
        private AVCodecContext enc;
        private AVStream stream;
        private AVFrame yuv;
        private AVPacket pkt;
        private SwsContext sws;
        private boolean ioOpen;

        Job(DecodedClip clip, int fps, VideoCodec codec, int gop, Path out) {
            this.clip = clip;
            this.fps = fps;
            this.codec = codec;
            this.gop = gop;
            this.out = out;
        }

        void run() {
            String path = out.toAbsolutePath().toString();
            try {
                oc = new AVFormatContext(null);
                check(avformat_alloc_output_context2(oc, null, null, path), "choosing a container");
                AVCodec codecImpl = avcodec_find_encoder_by_name(codec.encoderName());
                if (codecImpl == null || codecImpl.isNull()) {
                    throw new VideoEncodeException(out, "encoder " + codec.encoderName() + " not available");
                }
                stream = avformat_new_stream(oc, null);
                enc = avcodec_alloc_context3(codecImpl);
                configure();
                if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                    enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
                }
                check(avcodec_open2(enc, codecImpl, (AVDictionary) null), "opening encoder " + codec.encoderName());
                check(avcodec_parameters_from_context(stream.codecpar(), enc), "copying codec parameters");
                stream.time_base(enc.time_base());
                if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
                    AVIOContext pb = new AVIOContext(null);
                    check(avio_open(pb, path, AVIO_FLAG_WRITE), "opening the file");
                    oc.pb(pb);
                    ioOpen = true;
                }
                check(avformat_write_header(oc, (AVDictionary) null), "writing the header");
                encodeFrames();
                check(av_write_trailer(oc), "writing the trailer");
            } finally {
                free();
            }
        }

        private void configure() {
            enc.width(clip.width());
            enc.height(clip.height());
            enc.pix_fmt(AV_PIX_FMT_YUV420P);
            enc.time_base(av_make_q(1, fps));
            enc.framerate(av_make_q(fps, 1));
            enc.gop_size(gop);
            enc.max_b_frames(0);
            switch (codec) {
                case MPEG4:
                    enc.flags(enc.flags() | AV_CODEC_FLAG_QSCALE);
                    enc.global_quality(FF_QP2LAMBDA * 2);
                    break;
                case VP8:
                    enc.bit_rate(4_000_000L);
                    av_opt_set(enc.priv_data(), "crf", "8", 0);
                    av_opt_set(enc.priv_data(), "deadline", "good", 0);
                    break;
                default:
                    enc.bit_rate(4_000_000L);
                    break;
            }
        }

        private void encodeFrames() {
            int w = clip.width();
            int h = clip.height();
            yuv = av_frame_alloc();
            yuv.format(AV_PIX_FMT_YUV420P);
            yuv.width(w);
            yuv.height(h);
            check(av_frame_get_buffer(yuv, 0), "allocating a frame");
            pkt = av_packet_alloc();
            sws = sws_getContext(
                    w, h, AV_PIX_FMT_RGB24, w, h, AV_PIX_FMT_YUV420P, SWS_BICUBIC, null, null, (DoublePointer) null);
            if (sws == null || sws.isNull()) {
                throw new VideoEncodeException(out, "cannot create the rgb24 to yuv420p converter");
            }
            int frameBytes = clip.frameBytes();
            try (BytePointer rgb = new BytePointer((long) frameBytes + 64);
                    PointerPointer<Pointer> src = new PointerPointer<>(4);
                    IntPointer srcStride = new IntPointer(4)) {
                src.put(0, rgb);
                srcStride.put(0, w * 3);
                for (int f = 0; f < clip.frames(); f++) {
                    rgb.position(0).put(clip.data(), f * frameBytes, frameBytes);
                    check(av_frame_make_writable(yuv), "making a frame writable");
                    sws_scale(sws, src, srcStride, 0, h, yuv.data(), yuv.linesize());
                    yuv.pts(f);
                    check(avcodec_send_frame(enc, yuv), "encoding frame " + f);
                    drain();
                }
            }
            check(avcodec_send_frame(enc, null), "flushing the encoder");
            drain();
        }

        private void drain() {
            while (true) {
                int ret = avcodec_receive_packet(enc, pkt);
                if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                    return;
                }
                check(ret, "receiving a packet");
                if (pkt.duration() <= 0) {
                    pkt.duration(1); // one frame; without it MP4 edit lists cut the last frame
                }
                av_packet_rescale_ts(pkt, enc.time_base(), stream.time_base());
                pkt.stream_index(stream.index());
                check(av_interleaved_write_frame(oc, pkt), "writing a packet");
            }
        }

        private void check(int ret, String what) {
            if (ret < 0) {
                throw new VideoEncodeException(out, what + " failed (" + VideoDecoder.errorString(ret) + ")");
            }
        }

        private void free() {
            if (sws != null) {
                sws_freeContext(sws);
            }
            if (yuv != null) {
                av_frame_free(yuv);
            }
            if (pkt != null) {
                av_packet_free(pkt);
            }
            if (enc != null) {
                avcodec_free_context(enc);
            }
            if (oc != null && !oc.isNull()) {
                if (ioOpen) {
                    avio_closep(oc.pb());
                }
                avformat_free_context(oc);
            }
        }
    }
}
