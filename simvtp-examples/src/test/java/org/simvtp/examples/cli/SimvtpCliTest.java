package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.simvtp.core.spi.MediaException;
import org.simvtp.data.dataset.DatasetFormatException;
import org.simvtp.data.loader.LoaderException;

class SimvtpCliTest {

    @Test
    void exitCodes() {
        assertEquals(0, SimvtpCli.run("search", "--help"));
        assertEquals(2, SimvtpCli.run("search", "--nope"));
        assertEquals(2, SimvtpCli.run("evaluate", "--format", "xml", "--annotations", "a.json"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--batch", "1"));
        assertEquals(2, SimvtpCli.run("finetune", "--train", "t", "--val", "v", "--init", "i", "--out", "o",
                "--select-on-test"));
        assertEquals(3, SimvtpCli.run("index", "--videos", "no-such-folder", "--index", "i"));
    }

    @Test
    void badInputIsRecognisedThroughLoaderWrappers() {
        assertNotNull(SimvtpCli.badInput(new FileNotFoundException("x")));
        assertNotNull(SimvtpCli.badInput(new DatasetFormatException(Path.of("a.csv"), 3, "bad row")));
        assertNotNull(SimvtpCli.badInput(new LoaderException("wrapped",
                new MediaException(Path.of("v.mp4"), "cannot decode", null))));
        assertNull(SimvtpCli.badInput(new IllegalStateException("bug")));
        assertNull(SimvtpCli.badInput(new LoaderException("worker died", new OutOfMemoryError())));
    }
}
