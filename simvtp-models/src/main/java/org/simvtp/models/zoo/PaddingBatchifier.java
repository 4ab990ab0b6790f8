package org.simvtp.models.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;

/**
 * Stacks 1-d arrays of different lengths (token ids, attention masks) after padding each with zeros to the longest
 * of the batch, as the tokenizer pads a batch of captions; output is unbatched like {@link Batchifier#STACK}.
 *
 * <pre>{@code
 * NDList batch = new PaddingBatchifier().batchify(new NDList[] {new NDList(ids3, mask3), new NDList(ids5, mask5)});
 * // [ids [2, 5], mask [2, 5]]
 * }</pre>
 */
final class PaddingBatchifier implements Batchifier {

    @Override
    public NDList batchify(NDList[] inputs) {
        int fields = inputs[0].size();
        NDList out = new NDList(fields);
        for (int f = 0; f < fields; f++) {
            long longest = 0;
            for (NDList input : inputs) {
                longest = Math.max(longest, input.get(f).getShape().get(0));
            }
            NDList padded = new NDList(inputs.length);
            for (NDList input : inputs) {
                padded.add(padTo(input.get(f), longest));
            }
            out.add(NDArrays.stack(padded));
        }
        return out;
    }

    @Override
    public NDList[] unbatchify(NDList inputs) {
        return Batchifier.STACK.unbatchify(inputs);
    }

    private static NDArray padTo(NDArray row, long length) {
        long have = row.getShape().get(0);
        if (have == length) {
            return row;
        }
        NDArray out = row.getManager().zeros(new Shape(length), row.getDataType());
        out.set(new NDIndex("0:" + have), row);
        return out;
    }
}
