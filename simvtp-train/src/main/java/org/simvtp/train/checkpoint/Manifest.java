package org.simvtp.train.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code manifest.json} of a checkpoint directory: step, payload files with size and SHA-256, metadata. */
final class Manifest {

    static final String FILE_NAME = "manifest.json";
    static final String FORMAT = "simvtp-checkpoint";
    static final int VERSION = 1;
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** One payload file entry. */
    static final class Entry {
        String name;
        long size;
        String sha256;

        Entry() {}

        Entry(String name, long size, String sha256) {
            this.name = name;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    String format = FORMAT;
    int version = VERSION;
    long step;
    List<Entry> files = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();

    byte[] toJsonBytes() {
        return GSON.toJson(this).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads and structurally validates the manifest of a directory. */
    static Manifest read(Path dir) throws CorruptCheckpointException {
        Path path = dir.resolve(FILE_NAME);
        Manifest m;
        try {
            m = GSON.fromJson(Files.readString(path, StandardCharsets.UTF_8), Manifest.class);
        } catch (NoSuchFileException e) {
            throw new CorruptCheckpointException(path + " is missing (checkpoint incomplete)", e);
        } catch (IOException | JsonParseException e) {
            throw new CorruptCheckpointException(path + " cannot be read: " + e.getMessage(), e);
        }
        if (m == null || !FORMAT.equals(m.format) || m.version != VERSION || m.files == null || m.files.isEmpty()) {
            throw new CorruptCheckpointException(
                    path + " is not a " + FORMAT + " v" + VERSION + " manifest with files");
        }
        for (Entry e : m.files) {
            if (e == null || e.name == null || e.sha256 == null || !CheckpointStore.isValidFileName(e.name)) {
                throw new CorruptCheckpointException(path + " has an invalid file entry");
            }
        }
        if (m.metadata == null) {
            m.metadata = new LinkedHashMap<>();
        }
        return m;
    }

    /** Checks that a payload file exists with the recorded size and SHA-256. */
    static void verifyFile(Path dir, Entry e) throws CorruptCheckpointException {
        Path file = dir.resolve(e.name);
        try {
            long size = Files.size(file);
            if (size != e.size) {
                throw new CorruptCheckpointException(file + " has " + size + " bytes, manifest records " + e.size);
            }
            java.security.MessageDigest digest = HashingOutputStream.sha256();
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            String actual = java.util.HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(e.sha256)) {
                throw new CorruptCheckpointException(
                        file + " has SHA-256 " + actual + ", manifest records " + e.sha256);
            }
        } catch (NoSuchFileException ex) {
            throw new CorruptCheckpointException(file + " listed in the manifest is missing", ex);
        } catch (CorruptCheckpointException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new CorruptCheckpointException(file + " cannot be read: " + ex.getMessage(), ex);
        }
    }
}
