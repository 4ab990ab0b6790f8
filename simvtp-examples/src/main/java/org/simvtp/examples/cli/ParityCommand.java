package org.simvtp.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simvtp.models.parity.ParityReport;
import org.simvtp.models.parity.ParityRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simvtp parity --bundle DIR}: compares this implementation with a reference parity bundle. */
@Command(
        name = "parity",
        mixinStandardHelpOptions = true,
        description = {
            "Compare with golden tensors of the reference implementation.",
            "Prints, per tensor, the max absolute error and PASS/FAIL; exits 1 on any failure.",
            "Exit codes: 0 all pass, 1 a mismatch, 2 bad usage, 3 missing or unreadable bundle, 4 internal error."
        })
final class ParityCommand implements Callable<Integer> {

    @Option(
            names = "--bundle",
            required = true,
            paramLabel = "DIR",
            description = "Bundle directory (manifest.json, *.pth/*.pt, *.safetensors).")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(bundle)) {
            throw new java.io.FileNotFoundException("parity bundle " + bundle + " is not a directory");
        }
        ParityReport report = ParityRunner.run(bundle);
        System.out.print(report.table());
        return report.passed() ? 0 : SimvtpCli.CHECK_FAILED;
    }
}
