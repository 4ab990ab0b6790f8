package org.simvtp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named tensors to and from safetensors streams (through DJL's codec), for checkpoint files. */
final class TensorFiles {
    private TensorFiles() {}

    /** Writes copies of {@code tensors} (the originals keep their names) as safetensors. */
    static void write(OutputStream out, Map<String, NDArray> tensors) throws IOException {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("nothing to write");
        }
        NDManager scope = tensors.values().iterator().next().getManager().newSubManager();
        try (scope) {
            NDList list = new NDList();
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                NDArray copy = e.getValue().toDevice(ai.djl.Device.cpu(), true);
                copy.attach(scope);
                copy.setName(e.getKey());
                list.add(copy);
            }
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /** Reads every tensor of a safetensors stream into {@code manager}, by name. */
    static Map<String, NDArray> read(NDManager manager, InputStream in) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (NDArray a : NDList.decode(manager, in.readAllBytes())) {
            out.put(a.getName(), a);
        }
        return out;
    }
}
