package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.models.io.CheckpointConverter;
import org.simvtp.models.io.PthToSafetensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simvtp convert IN OUT}: reference {@code torch.save} checkpoints ({@code .pth}/{@code .pt}) to
 * safetensors and back, keeping the reference key names and dtypes; the direction follows the extensions.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert between torch.save checkpoints (.pth/.pt) and safetensors, both ways.",
            "Key names and dtypes are kept; the direction follows the file extensions."})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Input checkpoint (.pth, .pt or .safetensors).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file (.safetensors, .pth or .pt).")
    Path out;

    @Option(names = "--key", description = "State-dict key: read from a .pth (default: detect), "
            + "or written into one (default: none, a bare state dict).")
    String key;

    @Option(names = "--upcast-f32", description = "With .pth -> .safetensors: store fp16/bf16 tensors as fp32.")
    boolean upcast;

    @Override
    public Integer call() throws Exception {
        int n = upcast ? PthToSafetensors.convert(in, key, out, true).size()
                : CheckpointConverter.convert(in, out, key).size();
        System.out.println("wrote " + n + " tensors to " + out);
        return 0;
    }
}
