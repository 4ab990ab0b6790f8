package org.simvtp.examples.cli;

import picocli.CommandLine;

/** Version line of {@code simvtp --version}. */
final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SimvtpCli.class.getPackage().getImplementationVersion();
        return new String[] {"simvtp " + (v == null ? "development" : v) + " (Java " + Runtime.version() + ")"};
    }
}
