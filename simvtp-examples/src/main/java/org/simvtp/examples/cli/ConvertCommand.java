package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.simvtp.models.checkpoint.CheckpointConverter;
import org.simvtp.models.checkpoint.PthToSafetensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simvtp convert IN OUT}: reference {@code torch.save} checkpoints ({@code .pth}/{@code .pt}) to
 * safetensors and back, keeping the reference key names and dtypes; the direction follows the extensions.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Convert between torch.save checkpoints (.pth/.pt) and safetensors, both ways.",
            "Key names and dtypes are kept; the direction follows the file extensions.",
            "Exit codes: 0 done, 2 bad usage (an unknown extension, both files of one format, --upcast-f32 "
                    + "without .pth -> .safetensors), 3 unreadable or malformed input, 4 internal error."
        })
final class ConvertCommand implements Callable<Integer> {

    private static final String PTH = ".pth/.pt";
    private static final String SAFETENSORS = ".safetensors";

    @Parameters(index = "0", paramLabel = "IN", description = "Input checkpoint (.pth, .pt or .safetensors).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file (.safetensors, .pth or .pt).")
    Path out;

    @Option(
            names = "--key",
            description = "State-dict key: read from a .pth (default: detect), "
                    + "or written into one (default: none, a bare state dict).")
    String key;

    @Option(names = "--upcast-f32", description = "With .pth -> .safetensors: store fp16/bf16 tensors as fp32.")
    boolean upcast;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String from = format(in, "IN");
        String to = format(out, "OUT");
        Usage.require(
                spec,
                !from.equals(to),
                "IN '" + in + "' and OUT '" + out + "' are both " + from
                        + " files; convert between .pth/.pt and .safetensors");
        Usage.require(spec, !upcast || from.equals(PTH), "--upcast-f32 applies to .pth/.pt -> .safetensors only");
        int n = upcast
                ? PthToSafetensors.convert(in, key, out, true).size()
                : CheckpointConverter.convert(in, out, key).size();
        System.out.println("wrote " + n + " tensors to " + out);
        return 0;
    }

    /** The format named by a file's extension; an unknown one is a usage error (exit code 2). */
    private String format(Path file, String label) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".pth") || name.endsWith(".pt")) {
            return PTH;
        }
        if (name.endsWith(".safetensors")) {
            return SAFETENSORS;
        }
        throw new ParameterException(
                spec.commandLine(),
                "cannot tell the format of " + label + " '" + file
                        + "' from its extension; expected .pth, .pt or .safetensors");
    }
}
