package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.models.io.PthToSafetensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simvtp convert IN OUT}: reference {@code .pth}/{@code .pt} checkpoints to safetensors. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a torch.save checkpoint (.pth/.pt) to safetensors with the reference key names.")
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Input checkpoint.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file.")
    Path out;

    @Option(names = "--key", description = "State-dict key inside the checkpoint (model, module); default: detect.")
    String key;

    @Option(names = "--upcast-f32", description = "Store fp16/bf16 tensors as fp32.")
    boolean upcast;

    @Override
    public Integer call() throws Exception {
        int n = PthToSafetensors.convert(in, key, out, upcast).size();
        System.out.println("wrote " + n + " tensors to " + out);
        return 0;
    }
}
