package org.simvtp.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
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
import static org.bytedeco.ffmpeg.global.avformat.av_stream_new_side_data;
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
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32P;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Writes small media files with properties {@link VideoWriter} does not offer, for robustness tests: any FFmpeg
 * encoder and pixel format (10-bit), odd frame sizes, irregular timestamps (variable frame rate), a display
 * rotation matrix, an extra audio stream, or audio only. The picture is {@link TestVideos#source}.
 *
 * <pre>{@code
 * OddMediaWriter.write(OddMediaWriter.Spec.video("libvpx-vp9", AV_PIX_FMT_YUV420P, 63, 47, 12), dir.resolve("odd.webm"));
 * }</pre>
 */
final class OddMediaWriter {
    static final int AUDIO_RATE = 8000;

    private OddMediaWriter() {}

    /**
     * What to write. {@code pts} are presentation timestamps in units of {@code 1/timeBaseDen} s (null: 0, 1, 2..);
     * {@code rotation} is in degrees (NaN: none); a null {@code videoEncoder} writes audio only.
     */
    record Spec(
            String videoEncoder,
            int pixFmt,
            int width,
            int height,
            int frames,
            long[] pts,
            int timeBaseDen,
            double rotation,
            String audioEncoder,
            Map<String, String> options) {
        static Spec video(String encoder, int pixFmt, int width, int height, int frames) {
            return new Spec(encoder, pixFmt, width, height, frames, null, 25, Double.NaN, null, Map.of());
        }

        static Spec audioOnly(String audioEncoder) {
            return new Spec(null, 0, 0, 0, 0, null, 25, Double.NaN, audioEncoder, Map.of());
        }

        Spec withPts(long[] value, int den) {
            return new Spec(
                    videoEncoder, pixFmt, width, height, value.length, value, den, rotation, audioEncoder, options);
        }

        Spec withRotation(double degrees) {
            return new Spec(
                    videoEncoder, pixFmt, width, height, frames, pts, timeBaseDen, degrees, audioEncoder, options);
        }

        Spec withAudio(String encoder) {
            return new Spec(videoEncoder, pixFmt, width, height, frames, pts, timeBaseDen, rotation, encoder, options);
        }

        Spec withOption(String key, String value) {
            Map<String, String> m = new LinkedHashMap<>(options);
            m.put(key, value);
            return new Spec(videoEncoder, pixFmt, width, height, frames, pts, timeBaseDen, rotation, audioEncoder, m);
        }

        long ptsOf(int frame) {
            return pts == null ? frame : pts[frame];
        }
    }

    /**
     * Writes {@code spec} to {@code out}; the extension picks the container.
     *
     * @throws IllegalStateException if an FFmpeg call fails
     */
    static Path write(Spec spec, Path out) {
        new Job(spec, out).run();
        return out;
    }

    /** One run; owns and frees every native object. */
    private static final class Job {
        private final Spec spec;
        private final Path out;
        private AVFormatContext oc;
        private final List<AVCodecContext> encoders = new ArrayList<>();
        private final List<AVStream> streams = new ArrayList<>();
        private AVPacket pkt;
        private AVFrame frame;
        private SwsContext sws;
        private boolean ioOpen;

        Job(Spec spec, Path out) {
            this.spec = spec;
            this.out = out;
        }

        void run() {
            String path = out.toAbsolutePath().toString();
            try {
                oc = new AVFormatContext(null);
                check(avformat_alloc_output_context2(oc, null, null, path), "choosing a container");
                if (spec.videoEncoder() != null) {
                    openVideo();
                }
                if (spec.audioEncoder() != null) {
                    openAudio();
                }
                if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
                    AVIOContext pb = new AVIOContext(null);
                    check(avio_open(pb, path, AVIO_FLAG_WRITE), "opening the file");
                    oc.pb(pb);
                    ioOpen = true;
                }
                check(avformat_write_header(oc, (AVDictionary) null), "writing the header");
                pkt = av_packet_alloc();
                int k = 0;
                if (spec.videoEncoder() != null) {
                    encodeVideo(k++);
                }
                if (spec.audioEncoder() != null) {
                    encodeAudio(k);
                }
                check(av_write_trailer(oc), "writing the trailer");
            } finally {
                free();
            }
        }

        private AVCodecContext newEncoder(String name) {
            AVCodec codec = avcodec_find_encoder_by_name(name);
            if (codec == null || codec.isNull()) {
                throw new IllegalStateException("encoder " + name + " not available");
            }
            AVCodecContext enc = avcodec_alloc_context3(codec);
            encoders.add(enc);
            return enc;
        }

        private void open(AVCodecContext enc) {
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            AVDictionary opts = new AVDictionary(null);
            spec.options().forEach((k, v) -> av_dict_set(opts, k, v, 0));
            try {
                check(
                        avcodec_open2(enc, enc.codec(), opts),
                        "opening encoder " + enc.codec().name().getString());
            } finally {
                av_dict_free(opts);
            }
            AVStream st = avformat_new_stream(oc, null);
            check(avcodec_parameters_from_context(st.codecpar(), enc), "copying codec parameters");
            st.time_base(enc.time_base());
            streams.add(st);
        }

        private void openVideo() {
            AVCodecContext enc = newEncoder(spec.videoEncoder());
            enc.width(spec.width());
            enc.height(spec.height());
            enc.pix_fmt(spec.pixFmt());
            enc.time_base(av_make_q(1, spec.timeBaseDen()));
            if (spec.pts() == null) {
                enc.framerate(av_make_q(spec.timeBaseDen(), 1));
            }
            enc.gop_size(6);
            enc.max_b_frames(0);
            enc.bit_rate(1_000_000L);
            open(enc);
            if (!Double.isNaN(spec.rotation())) {
                BytePointer sd = av_stream_new_side_data(streams.get(0), AV_PKT_DATA_DISPLAYMATRIX, 36);
                if (sd == null || sd.isNull()) {
                    throw new IllegalStateException("cannot add a display matrix to " + out);
                }
                int[] matrix = new int[9];
                av_display_rotation_set(matrix, spec.rotation());
                new IntPointer(sd).put(matrix);
            }
        }

        private void openAudio() {
            AVCodecContext enc = newEncoder(spec.audioEncoder());
            IntPointer formats = enc.codec().sample_fmts();
            enc.sample_fmt(formats == null || formats.isNull() ? AV_SAMPLE_FMT_S16 : formats.get(0));
            enc.sample_rate(AUDIO_RATE);
            av_channel_layout_default(enc.ch_layout(), 1);
            enc.time_base(av_make_q(1, AUDIO_RATE));
            enc.bit_rate(32_000L);
            open(enc);
        }

        private void encodeVideo(int k) {
            AVCodecContext enc = encoders.get(k);
            int w = spec.width();
            int h = spec.height();
            frame = av_frame_alloc();
            frame.format(spec.pixFmt());
            frame.width(w);
            frame.height(h);
            check(av_frame_get_buffer(frame, 0), "allocating a frame");
            sws = sws_getContext(
                    w, h, AV_PIX_FMT_RGB24, w, h, spec.pixFmt(), SWS_BICUBIC, null, null, (DoublePointer) null);
            if (sws == null || sws.isNull()) {
                throw new IllegalStateException("no rgb24 converter to pixel format " + spec.pixFmt());
            }
            DecodedClip clip = TestVideos.source(spec.frames(), w, h);
            int frameBytes = clip.frameBytes();
            try (BytePointer rgb = new BytePointer((long) frameBytes + 64);
                    PointerPointer<Pointer> src = new PointerPointer<>(4);
                    IntPointer stride = new IntPointer(4)) {
                src.put(0, rgb);
                stride.put(0, w * 3);
                for (int f = 0; f < spec.frames(); f++) {
                    rgb.position(0).put(clip.data(), f * frameBytes, frameBytes);
                    check(av_frame_make_writable(frame), "making a frame writable");
                    sws_scale(sws, src, stride, 0, h, frame.data(), frame.linesize());
                    frame.pts(spec.ptsOf(f));
                    long next = f + 1 < spec.frames() ? spec.ptsOf(f + 1) : spec.ptsOf(f) + 1;
                    frame.duration(Math.max(1, next - spec.ptsOf(f)));
                    check(avcodec_send_frame(enc, frame), "encoding video frame " + f);
                    drain(k);
                }
            }
            check(avcodec_send_frame(enc, null), "flushing the video encoder");
            drain(k);
            av_frame_free(frame);
            frame = null;
        }

        private void encodeAudio(int k) {
            AVCodecContext enc = encoders.get(k);
            int chunk = enc.frame_size() > 0 ? enc.frame_size() : 1024;
            frame = av_frame_alloc();
            frame.format(enc.sample_fmt());
            frame.sample_rate(AUDIO_RATE);
            frame.nb_samples(chunk);
            check(
                    org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy(frame.ch_layout(), enc.ch_layout()),
                    "copying the channel layout");
            check(av_frame_get_buffer(frame, 0), "allocating an audio frame");
            int fmt = enc.sample_fmt();
            for (int start = 0; start < AUDIO_RATE; start += chunk) {
                check(av_frame_make_writable(frame), "making an audio frame writable");
                for (int i = 0; i < chunk; i++) {
                    double v = 0.3 * Math.sin(2 * Math.PI * 440 * (start + i) / AUDIO_RATE);
                    // mono: planar and packed layouts are the same
                    if (fmt == AV_SAMPLE_FMT_FLTP || fmt == AV_SAMPLE_FMT_FLT) {
                        new FloatPointer(frame.data(0)).put(i, (float) v);
                    } else if (fmt == AV_SAMPLE_FMT_S16 || fmt == AV_SAMPLE_FMT_S16P) {
                        new ShortPointer(frame.data(0)).put(i, (short) (v * 32767));
                    } else if (fmt == AV_SAMPLE_FMT_S32 || fmt == AV_SAMPLE_FMT_S32P) {
                        new IntPointer(frame.data(0)).put(i, (int) (v * Integer.MAX_VALUE));
                    } else {
                        throw new IllegalStateException("unsupported sample format " + fmt);
                    }
                }
                frame.pts(start);
                check(avcodec_send_frame(enc, frame), "encoding audio");
                drain(k);
            }
            check(avcodec_send_frame(enc, null), "flushing the audio encoder");
            drain(k);
        }

        private void drain(int k) {
            AVCodecContext enc = encoders.get(k);
            AVStream st = streams.get(k);
            while (true) {
                int ret = avcodec_receive_packet(enc, pkt);
                if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                    return;
                }
                check(ret, "receiving a packet");
                if (pkt.duration() <= 0) {
                    pkt.duration(1);
                }
                av_packet_rescale_ts(pkt, enc.time_base(), st.time_base());
                pkt.stream_index(st.index());
                check(av_interleaved_write_frame(oc, pkt), "writing a packet");
            }
        }

        private void check(int ret, String what) {
            if (ret < 0) {
                throw new IllegalStateException(out + ": " + what + " failed (" + VideoDecoder.errorString(ret) + ")");
            }
        }

        private void free() {
            if (sws != null) {
                sws_freeContext(sws);
            }
            if (frame != null) {
                av_frame_free(frame);
            }
            if (pkt != null) {
                av_packet_free(pkt);
            }
            for (AVCodecContext enc : encoders) {
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
