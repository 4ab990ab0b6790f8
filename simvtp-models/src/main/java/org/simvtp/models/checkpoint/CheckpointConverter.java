package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Converts between {@code torch.save} files ({@code .pth}, {@code .pt}) and safetensors files
 * ({@code .safetensors}), choosing the direction from the file extensions; element types and names
 * are kept.
 *
 * <pre>{@code
 * CheckpointConverter.convert(Path.of("checkpoint-199.pth"), Path.of("pretrain.safetensors"), "model");
 * CheckpointConverter.convert(Path.of("pretrain.safetensors"), Path.of("back.pth"), "model");
 * // command line: CheckpointConverter <in> <out> [--key model]
 * }</pre>
 */
public final class CheckpointConverter {

    /** The two file formats, told apart by extension. */
    enum Format {
        PTH,
        SAFETENSORS;

        static Format of(Path file) {
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            if (name.endsWith(".pth") || name.endsWith(".pt")) {
                return PTH;
            }
            if (name.endsWith(".safetensors")) {
                return SAFETENSORS;
            }
            throw new IllegalArgumentException(
                    "cannot tell the format of '" + file + "' from its extension; expected .pth, .pt or .safetensors");
        }
    }

    private CheckpointConverter() {}

    /**
     * Converts {@code .pth}/{@code .pt} → {@code .safetensors} or the reverse.
     *
     * @param in the file to read
     * @param out the file to write (atomically); its extension must name the other format
     * @param key the top-level key of the state dict: read from it (a {@code .pth} input;
     *     {@code null} detects it) or stored under it (a {@code .pth} output; {@code null} saves the
     *     bare state dict)
     * @return the tensors written, by name
     * @throws IOException if reading or writing fails
     * @throws IllegalArgumentException if an extension is unknown or both name the same format
     */
    public static Map<String, TensorData> convert(Path in, Path out, String key) throws IOException {
        Format from = Format.of(in);
        Format to = Format.of(out);
        if (from == to) {
            throw new IllegalArgumentException("'" + in + "' and '" + out + "' are both " + from
                    + " files; convert between .pth/.pt and .safetensors");
        }
        return from == Format.PTH ? PthToSafetensors.convert(in, key, out) : SafetensorsToPth.convert(in, key, out);
    }

    /**
     * Command-line entry point: {@code <in> <out> [--key K]}.
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
        String key = null;
        Path[] files = new Path[2];
        int count = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--key") && i + 1 < args.length) {
                key = args[++i];
            } else if (!args[i].startsWith("--") && count < 2) {
                files[count++] = Path.of(args[i]);
            } else {
                count = -1;
                break;
            }
        }
        if (count != 2) {
            err.println(
                    "usage: CheckpointConverter <in.pth|in.safetensors> <out.safetensors|out.pth> [--key <top-level key>]");
            return 2;
        }
        try {
            Map<String, TensorData> written = convert(files[0], files[1], key);
            long bytes =
                    written.values().stream().mapToLong(TensorData::byteSize).sum();
            out.println("wrote " + written.size() + " tensors (" + bytes + " bytes) to " + files[1]);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
