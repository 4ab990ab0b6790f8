package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts the state dict of a {@code torch.save} file into a safetensors file, keeping names and
 * element types (fp16 stays fp16 unless an upcast to fp32 is asked for). The reverse direction is
 * {@link SafetensorsToPth}; {@link CheckpointConverter} picks the direction from the extensions.
 *
 * <pre>{@code
 * PthToSafetensors.convert(Path.of("checkpoint-199.pth"), "model", Path.of("pretrain.safetensors"));
 * // command line: PthToSafetensors in.pth out.safetensors [--key module] [--upcast-f32]
 * }</pre>
 */
public final class PthToSafetensors {

    private PthToSafetensors() {}

    /**
     * Converts without changing element types.
     *
     * @param pth the {@code torch.save} file
     * @param key the top-level key of the state dict, or {@code null} to detect it
     * @param out the safetensors file to write (atomically)
     * @return the tensors written, by name
     * @throws IOException if reading or writing fails
     */
    public static Map<String, TensorData> convert(Path pth, String key, Path out) throws IOException {
        return convert(pth, key, out, false);
    }

    /**
     * Converts, optionally widening F16/BF16 (and narrowing F64) tensors to F32.
     *
     * @param pth the {@code torch.save} file
     * @param key the top-level key of the state dict, or {@code null} to detect it
     * @param out the safetensors file to write (atomically)
     * @param upcastToF32 whether floating-point tensors become F32
     * @return the tensors written, by name
     * @throws IOException if reading or writing fails
     */
    public static Map<String, TensorData> convert(Path pth, String key, Path out, boolean upcastToF32)
            throws IOException {
        Map<String, TensorData> tensors = TorchCheckpointReader.readStateDict(pth, key);
        if (upcastToF32) {
            Map<String, TensorData> widened = new LinkedHashMap<>();
            tensors.forEach((name, t) -> widened.put(name, t.toFloat32()));
            tensors = widened;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("source", String.valueOf(pth.getFileName()));
        metadata.put("state_dict_key", key == null ? "auto" : key);
        SafetensorsWriter.write(out, tensors, metadata);
        return tensors;
    }

    /**
     * Command-line entry point: {@code in.pth out.safetensors [--key K] [--upcast-f32]}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line and returns its exit status.
     *
     * @param args the arguments
     * @param out where the summary goes
     * @param err where usage and errors go
     * @return 0 on success, 1 on a conversion error, 2 on a usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path in = null;
        Path target = null;
        String key = null;
        boolean upcast = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--key") && i + 1 < args.length) {
                key = args[++i];
            } else if (args[i].equals("--upcast-f32")) {
                upcast = true;
            } else if (in == null && !args[i].startsWith("--")) {
                in = Path.of(args[i]);
            } else if (target == null && !args[i].startsWith("--")) {
                target = Path.of(args[i]);
            } else {
                in = null;
                break;
            }
        }
        if (in == null || target == null) {
            err.println("usage: PthToSafetensors <in.pth> <out.safetensors> [--key <top-level key>] [--upcast-f32]");
            return 2;
        }
        try {
            Map<String, TensorData> written = convert(in, key, target, upcast);
            long bytes =
                    written.values().stream().mapToLong(TensorData::byteSize).sum();
            out.println("wrote " + written.size() + " tensors (" + bytes + " bytes) to " + target);
            return 0;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
