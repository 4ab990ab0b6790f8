package org.simvtp.data.video;

/**
 * How {@link VideoDecoder} reaches the requested frames.
 *
 * <pre>{@code
 * DecoderOptions opts = DecoderOptions.builder().optStrategy(DecodeStrategy.SEQUENTIAL).build();
 * }</pre>
 */
public enum DecodeStrategy {
    /**
     * Chooses per request from the frame index: seeks to a keyframe only where that skips more frames than the
     * configured seek cost ({@link DecoderOptions#seekCostFrames()}), otherwise decodes straight through.
     */
    AUTO,
    /** Decodes from the first frame and never seeks (frames counted in presentation order). */
    SEQUENTIAL,
    /** Seeks to the keyframe before every target that lies beyond the current decoder position. */
    SEEK
}
