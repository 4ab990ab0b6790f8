package org.simvtp.core;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test access to the simvtp-tiny parity bundle copied under {@code src/test/resources/parity/simvtp-tiny}. */
public final class ParityBundle {

    private static final String ROOT = "/parity/simvtp-tiny/";

    private ParityBundle() {}

    /** Reads a safetensors file of the bundle; arrays keep their names. */
    public static NDList tensors(NDManager manager, String file) {
        try (InputStream in = open(file)) {
            return NDList.decode(manager, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read parity file " + file, e);
        }
    }

    /** The bundle's manifest.json. */
    public static JsonObject manifest() {
        try (InputStream in = open("manifest.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read parity manifest", e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = ParityBundle.class.getResourceAsStream(ROOT + file);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + ROOT + file);
        }
        return in;
    }
}
