package org.simvtp.examples.cli;

/** Entry point of the {@code simvtp} command-line tool. */
public final class SimvtpCli {
    private SimvtpCli() {}

    /** Runs the tool. */
    public static void main(String[] args) {
        System.out.println("simvtp");
    }
}
