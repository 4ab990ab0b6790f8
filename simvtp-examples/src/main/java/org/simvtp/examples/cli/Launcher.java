package org.simvtp.examples.cli;

/**
 * Process-wide settings every SimVTP entry point applies before DJL starts: offline mode (no downloads) and the
 * telemetry opt-out, each only when the user has not set it; a headless AWT for PNG output; log messages from
 * warnings up (progress and results are printed by the commands), unless a log level is set.
 */
public final class Launcher {
    private Launcher() {}

    /** Applies the defaults (idempotent). */
    public static void configure() {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        defaultProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        defaultProperty("ai.djl.pytorch.graph_optimizer", "false");
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
