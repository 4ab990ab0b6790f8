package org.simvtp.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * What FFmpeg itself reports about a file's video stream, independently of {@link VideoDecoder}: pixel format,
 * display rotation and packet timestamps in seconds. Used to check that test files have the property they claim.
 *
 * <pre>{@code
 * assertEquals("yuv420p10le", StreamFacts.of(file).pixelFormat());
 * }</pre>
 *
 * @param pixelFormat the stream's pixel format name
 * @param rotation the display matrix rotation in degrees (NaN when absent)
 * @param seconds the video packets' timestamps in seconds, in file order
 */
record StreamFacts(String pixelFormat, double rotation, List<Double> seconds) {
    static StreamFacts of(Path file) {
        AVFormatContext fmt = new AVFormatContext(null);
        if (avformat_open_input(fmt, file.toString(), (AVInputFormat) null, (AVDictionary) null) < 0
                || avformat_find_stream_info(fmt, (PointerPointer<?>) null) < 0) {
            throw new IllegalStateException("FFmpeg cannot open " + file);
        }
        AVPacket pkt = av_packet_alloc();
        try {
            int vs = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
            AVStream st = fmt.streams(vs);
            AVCodecParameters par = st.codecpar();
            BytePointer name = av_get_pix_fmt_name(par.format());
            double rotation = Double.NaN;
            AVPacketSideData sd =
                    av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
            if (sd != null && !sd.isNull()) {
                rotation = av_display_rotation_get(new IntPointer(sd.data()));
            }
            List<Double> seconds = new ArrayList<>();
            double tb = av_q2d(st.time_base());
            while (av_read_frame(fmt, pkt) >= 0) {
                if (pkt.stream_index() == vs) {
                    seconds.add(pkt.pts() * tb);
                }
                av_packet_unref(pkt);
            }
            return new StreamFacts(name == null ? "none" : name.getString(), rotation, seconds);
        } finally {
            av_packet_free(pkt);
            avformat_close_input(fmt);
        }
    }
}
