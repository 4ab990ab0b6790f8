package org.simvtp.models.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {

    @Test
    void directoryPrecedenceIsPropertyThenEnvironmentThenHome() {
        Map<String, String> env = Map.of(ModelLocator.DIRECTORY_ENV, "/env/dir");
        assertEquals(Path.of("/prop/dir"), ModelLocator.modelDirectory("/prop/dir", env, "/home/u"));
        assertEquals(Path.of("/env/dir"), ModelLocator.modelDirectory(null, env, "/home/u"));
        assertEquals(Path.of("/env/dir"), ModelLocator.modelDirectory(" ", env, "/home/u"));
        assertEquals(Path.of("/home/u/.simvtp"), ModelLocator.modelDirectory(null, Map.of(), "/home/u"));
    }

    @Test
    void findsTheFirstAcceptedName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("checkpoint.pth"), "x");
        assertEquals(dir.resolve("checkpoint.pth"), ModelLocator.find(dir));
        Files.writeString(dir.resolve("mp_rank_00_model_states.pt"), "x");
        assertEquals(dir.resolve("mp_rank_00_model_states.pt"), ModelLocator.find(dir));
    }

    @Test
    void pretrainedWithoutFilesSaysWhereAndWhat(@TempDir Path dir) {
        String previous = System.getProperty(ModelLocator.DIRECTORY_PROPERTY);
        System.setProperty(
                ModelLocator.DIRECTORY_PROPERTY, dir.resolve("models").toString());
        try {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, Simvtp::pretrained);
            String m = e.getMessage();
            assertTrue(m.contains(dir.resolve("models").toString()), m);
            assertTrue(m.contains("does not exist"), m);
            assertTrue(m.contains(ModelLocator.DIRECTORY_PROPERTY) && m.contains(ModelLocator.DIRECTORY_ENV), m);
            for (String name : ModelLocator.ACCEPTED_NAMES) {
                assertTrue(m.contains(name), name + " missing in: " + m);
            }
        } finally {
            if (previous == null) {
                System.clearProperty(ModelLocator.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(ModelLocator.DIRECTORY_PROPERTY, previous);
            }
        }
    }
}
