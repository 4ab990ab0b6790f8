package org.simvtp.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.simvtp.data.video.DecodedClip;

/**
 * Every RandAugment op against outputs of real Pillow (12.3.0) on a 13x17 RGB image: exact equality.
 * Fixture and its generator: {@code src/test/resources/org/simvtp/data/transform/pil-golden/}.
 */
class PilGoldenTest {
    private static final String DIR = "pil-golden/";
    private static final int H = 13;
    private static final int W = 17;

    private static byte[] read(String name) throws IOException {
        try (InputStream in = PilGoldenTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, "missing test resource " + DIR + name);
            return name.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        }
    }

    @Test
    void everyOpMatchesPillowExactly() throws IOException {
        DecodedClip input = DecodedClip.of(read("input.bin"), 1, H, W);
        byte[] outputs = read("outputs.bin.gz");
        List<String[]> cases = new ArrayList<>();
        for (String line : new String(read("cases.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                cases.add(line.trim().split(" "));
            }
        }
        int size = H * W * 3;
        assertEquals(cases.size() * size, outputs.length);
        RandAugment settings = RandAugment.builder().build(); // fill 128
        for (int i = 0; i < cases.size(); i++) {
            RandAugmentOp op = RandAugmentOp.ofTimmName(cases.get(i)[0]);
            double argument = Double.parseDouble(cases.get(i)[1]);
            byte[] expected = new byte[size];
            System.arraycopy(outputs, i * size, expected, 0, size);
            assertArrayEquals(expected, op.apply(input, argument, settings).data(), op.timmName() + " " + argument);
        }
    }
}
