package org.simvtp.data.loader;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.simvtp.data.transform.ClipTensor;

/**
 * A batch delivered by {@link VideoTextLoader}: samples in a fixed order, with the batch's position.
 *
 * <pre>{@code
 * Batch b = loader.next();
 * NDArray video = b.clipsToNDArray(manager);     // [B, 3, T, H, W], one copy into a direct buffer
 * List<String> text = b.captions();
 * }</pre>
 *
 * @param index global batch counter (0-based, over all epochs)
 * @param epoch epoch of the batch
 * @param indexInEpoch position of the batch in its epoch
 * @param samples the samples (unmodifiable)
 */
public record Batch(long index, int epoch, int indexInEpoch, List<Sample> samples) {
    /** Makes the sample list unmodifiable. */
    public Batch {
        samples = List.copyOf(samples);
    }

    /**
     * Number of samples.
     *
     * @return B
     */
    public int size() {
        return samples.size();
    }

    /**
     * The captions, in sample order.
     *
     * @return the captions
     */
    public List<String> captions() {
        List<String> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            out.add(s.caption());
        }
        return out;
    }

    /**
     * The sample indices in the source, in sample order.
     *
     * @return the indices
     */
    public int[] indices() {
        return samples.stream().mapToInt(Sample::index).toArray();
    }

    /**
     * The shape of the stacked clips {@code [B, C, T, H, W]}.
     *
     * @return the shape
     * @throws IllegalStateException if the clips differ in shape
     */
    public Shape clipShape() {
        ClipTensor first = samples.get(0).clip();
        for (Sample s : samples) {
            ClipTensor c = s.clip();
            if (c.channels() != first.channels()
                    || c.frames() != first.frames()
                    || c.height() != first.height()
                    || c.width() != first.width()) {
                throw new IllegalStateException(
                        "clips differ in shape: " + first.shape() + " vs " + c.shape() + " (sample " + s.index() + ")");
            }
        }
        return new Shape(samples.size(), first.channels(), first.frames(), first.height(), first.width());
    }

    /**
     * Writes the clips one after the other ({@code [B, C, T, H, W]} order) into a buffer.
     *
     * @param dst the destination, with at least {@code clipShape().size()} floats remaining
     */
    public void writeClips(FloatBuffer dst) {
        clipShape();
        for (Sample s : samples) {
            dst.put(s.clip().data());
        }
    }

    /**
     * The clips stacked into one array {@code [B, C, T, H, W]}.
     *
     * @return a new array
     */
    public float[] stackClips() {
        float[] out = new float[Math.toIntExact(clipShape().size())];
        writeClips(FloatBuffer.wrap(out));
        return out;
    }

    /**
     * The clips as one float32 NDArray {@code [B, C, T, H, W]} owned by {@code manager}.
     *
     * @param manager the owning manager
     * @return the array
     */
    public NDArray clipsToNDArray(NDManager manager) {
        Shape shape = clipShape();
        ByteBuffer bb = manager.allocateDirect(Math.toIntExact(shape.size() * Float.BYTES));
        writeClips(bb.asFloatBuffer());
        return manager.create(bb, shape, DataType.FLOAT32);
    }
}
