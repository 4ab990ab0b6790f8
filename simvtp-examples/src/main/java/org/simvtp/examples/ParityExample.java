package org.simvtp.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.simvtp.examples.cli.Launcher;
import org.simvtp.models.parity.ParityReport;
import org.simvtp.models.parity.ParityRunner;

/**
 * Compares this implementation with golden tensors recorded from the reference PyTorch code (a parity bundle:
 * inputs, checkpoints, expected outputs, losses and gradients) and prints one PASS/FAIL line per tensor.
 *
 * <pre>
 * java -cp simvtp.jar org.simvtp.examples.ParityExample shared/parity/simvtp-tiny
 * </pre>
 */
public final class ParityExample {

    private ParityExample() {}

    /**
     * Runs every check of a bundle.
     *
     * @param bundle the bundle folder (manifest.json and tensor files)
     * @return the report; {@link ParityReport#passed()} tells whether all checks passed
     * @throws IOException if the bundle cannot be read
     */
    public static ParityReport runExample(Path bundle) throws IOException {
        return ParityRunner.run(bundle);
    }

    /**
     * Runs the example: {@code BUNDLE}; exits 1 when a check fails.
     *
     * @param args the arguments
     * @throws IOException if the bundle cannot be read
     */
    public static void main(String[] args) throws IOException {
        Launcher.configure();
        if (args.length != 1) {
            System.err.println("usage: ParityExample BUNDLE");
            System.exit(2);
        }
        ParityReport report = runExample(Path.of(args[0]));
        System.out.print(report.table());
        System.exit(report.passed() ? 0 : 1);
    }
}
