package org.simvtp.data.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small manifest files for tests. */
final class ManifestFixtures {
    private ManifestFixtures() {}

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static ReadOptions lenient() {
        return ReadOptions.builder().optErrorMode(ErrorMode.LENIENT).build();
    }
}
