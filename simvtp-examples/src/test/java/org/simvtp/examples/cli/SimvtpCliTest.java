package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simvtp.core.spi.MediaException;
import org.simvtp.data.dataset.DatasetFormatException;
import org.simvtp.data.loader.LoaderException;
import org.simvtp.train.distributed.CollectiveException;

class SimvtpCliTest {

    @Test
    void exitCodes() {
        assertEquals(0, SimvtpCli.run("search", "--help"));
        assertEquals(2, SimvtpCli.run("search", "--nope"));
        assertEquals(2, SimvtpCli.run("evaluate", "--format", "xml", "--annotations", "a.json"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--batch", "1"));
        assertEquals(
                2,
                SimvtpCli.run(
                        "finetune", "--train", "t", "--val", "v", "--init", "i", "--out", "o", "--select-on-test"));
        assertEquals(3, SimvtpCli.run("index", "--videos", "no-such-folder", "--index", "i"));
    }

    // Argument errors of every command exit 2 (bad usage) before any file is read or model loaded (issue 18).

    @Test
    void quickstartUsageErrors() {
        assertEquals(2, SimvtpCli.run("quickstart", "--bogus"));
        assertEquals(2, SimvtpCli.run("quickstart", "--minutes", "abc"));
        assertEquals(2, SimvtpCli.run("quickstart", "--minutes", "0"));
        assertEquals(2, SimvtpCli.run("quickstart", "--batch", "1"));
        assertEquals(2, SimvtpCli.run("quickstart", "--clips", "8", "--batch", "16"));
        assertEquals(2, SimvtpCli.run("quickstart", "--test-clips", "1"));
        assertEquals(2, SimvtpCli.run("quickstart", "--lr", "-1"));
        assertEquals(2, SimvtpCli.run("quickstart", "--video-mask", "1.5"));
        assertEquals(2, SimvtpCli.run("quickstart", "--text-mask", "-0.1"));
    }

    @Test
    void launchUsageErrorsStartNoRank() {
        String[] pretrain = {"--", "pretrain", "--annotations", "a.json", "--out", "o"};
        assertEquals(2, SimvtpCli.run("launch"));
        assertEquals(2, SimvtpCli.run("launch", "--", "quickstart"));
        assertEquals(2, SimvtpCli.run("launch", "--", "pretrain", "--annotations", "a.json", "--out", "o", "--bogus"));
        assertEquals(2, SimvtpCli.run(concat(new String[] {"launch", "--nproc-per-node", "0"}, pretrain)));
        assertEquals(2, SimvtpCli.run(concat(new String[] {"launch", "--nnodes", "2"}, pretrain)));
        assertEquals(2, SimvtpCli.run(concat(new String[] {"launch", "--rdzv", "ftp://h/x"}, pretrain)));
        assertEquals(2, SimvtpCli.run(concat(new String[] {"launch", "--max-restarts", "-1"}, pretrain)));
        assertEquals(2, SimvtpCli.run(concat(new String[] {"launch", "--timeout", "0"}, pretrain)));
        assertEquals(
                2,
                SimvtpCli.run(
                        "launch",
                        "--nproc-per-node",
                        "2",
                        "--",
                        "finetune",
                        "--train",
                        "t",
                        "--val",
                        "v",
                        "--init",
                        "i",
                        "--out",
                        "o"));
    }

    @Test
    void aLostPeerIsFoundBehindWrappers() {
        CollectiveException lost = new CollectiveException("all-reduce failed: rank 2 lost", List.of(2), null);
        assertEquals(lost, SimvtpCli.peerLost(new IllegalStateException("step failed", lost)));
        assertNull(SimvtpCli.peerLost(new IllegalStateException("other")));
        assertEquals(5, SimvtpCli.PEER_LOST);
    }

    @Test
    void pretrainUsageErrors() {
        assertEquals(2, SimvtpCli.run("pretrain", "--out", "o"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--steps", "x"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--video-mask", "1"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--text-mask", "2"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--steps", "0"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--lr", "-1"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--minutes", "0"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--workers", "-1"));
        assertEquals(2, SimvtpCli.run("pretrain", "--annotations", "a.json", "--out", "o", "--checkpoint-every", "-1"));
    }

    @Test
    void pretrainCompositionUsageErrors() {
        String[] required = {"pretrain", "--annotations", "no-such.json", "--out", "o"};
        assertEquals(2, SimvtpCli.run(concat(required, "--objectives", "pixel,colour")));
        assertEquals(2, SimvtpCli.run(concat(required, "--objectives", "vtm", "--vtm-negatives", "hard")));
        assertEquals(2, SimvtpCli.run(concat(required, "--weight", "vtc=-1")));
        assertEquals(2, SimvtpCli.run(concat(required, "--weight", "vtc=x")));
        assertEquals(2, SimvtpCli.run(concat(required, "--objectives", "mlm", "--weight", "vtc=0.5")));
        assertEquals(2, SimvtpCli.run(concat(required, "--vtc-negatives", "everywhere")));
        assertEquals(2, SimvtpCli.run(concat(required, "--text-head", "gpt")));
        assertEquals(2, SimvtpCli.run(concat(required, "--video-masking", "block")));
        // valid composition options get past parsing and fail on the missing annotation file (bad input)
        assertEquals(
                3,
                SimvtpCli.run(concat(
                        required,
                        "--objectives",
                        "vtc,vtm",
                        "--weight",
                        "vtc=0.5",
                        "--vtc-negatives",
                        "global",
                        "--vtm-negatives",
                        "hard",
                        "--text-head",
                        "bert",
                        "--video-masking",
                        "random")));
    }

    @Test
    void finetuneUsageErrors() {
        String[] required = {"finetune", "--train", "t", "--val", "v", "--init", "i", "--out", "o"};
        assertEquals(2, SimvtpCli.run("finetune", "--train", "t", "--val", "v", "--out", "o"));
        assertEquals(2, SimvtpCli.run(concat(required, "--segments", "1")));
        assertEquals(2, SimvtpCli.run(concat(required, "--crops", "0")));
        assertEquals(2, SimvtpCli.run(concat(required, "--eval-every", "-1")));
        assertEquals(2, SimvtpCli.run(concat(required, "--steps", "-5")));
        assertEquals(2, SimvtpCli.run(concat(required, "--format", "xml")));
    }

    @Test
    void evaluateUsageErrors() {
        assertEquals(2, SimvtpCli.run("evaluate"));
        assertEquals(2, SimvtpCli.run("evaluate", "--annotations", "no-such.json", "--segments", "1"));
        assertEquals(2, SimvtpCli.run("evaluate", "--annotations", "no-such.json", "--crops", "1"));
        assertEquals(2, SimvtpCli.run("evaluate", "--annotations", "no-such.json", "--crops", "two"));
    }

    @Test
    void encodeUsageErrors() {
        assertEquals(2, SimvtpCli.run("encode"));
        assertEquals(2, SimvtpCli.run("encode", "--text", "a", "--video", "v.mp4"));
        assertEquals(2, SimvtpCli.run("encode", "--text", "a", "--bogus"));
        assertEquals(2, SimvtpCli.run("encode", "--text"));
    }

    @Test
    void indexUsageErrors() {
        assertEquals(2, SimvtpCli.run("index", "--videos", "v"));
        assertEquals(2, SimvtpCli.run("index", "--videos", "v", "--index", "i", "--bogus"));
    }

    @Test
    void searchUsageErrors() {
        assertEquals(2, SimvtpCli.run("search", "--index", "no-such-index"));
        assertEquals(2, SimvtpCli.run("search", "--index", "no-such-index", "--query", "a dog", "-k", "0"));
        assertEquals(2, SimvtpCli.run("search", "--index", "no-such-index", "--query", "a dog", "--top", "x"));
        assertEquals(3, SimvtpCli.run("search", "--index", "no-such-index", "--query", "a dog"));
    }

    @Test
    void serveUsageErrors() {
        assertEquals(0, SimvtpCli.run("serve", "--help"));
        assertEquals(2, SimvtpCli.run("serve"));
        assertEquals(2, SimvtpCli.run("serve", "--index", "no-such-index", "--port", "70000"));
        assertEquals(2, SimvtpCli.run("serve", "--index", "no-such-index", "--port", "x"));
        assertEquals(3, SimvtpCli.run("serve", "--index", "no-such-index"));
    }

    @Test
    void visualizeUsageErrors() {
        String[] required = {"visualize", "--video", "no-such.mp4", "--caption", "a", "--out", "o.png"};
        assertEquals(2, SimvtpCli.run("visualize", "--video", "v.mp4", "--out", "o.png"));
        assertEquals(2, SimvtpCli.run(concat(required, "--native-size", "--scale", "2")));
        assertEquals(2, SimvtpCli.run(concat(required, "--scale", "0")));
        assertEquals(2, SimvtpCli.run(concat(required, "--scale", "65")));
        assertEquals(2, SimvtpCli.run(concat(required, "--seed", "x")));
        assertEquals(3, SimvtpCli.run(concat(required, "--scale", "2")));
        assertEquals(3, SimvtpCli.run(concat(required, "--seed", "-3")), "a negative number is a value");
    }

    @Test
    void parityUsageErrors() {
        assertEquals(2, SimvtpCli.run("parity"));
        assertEquals(2, SimvtpCli.run("parity", "--bundle", "b", "--bogus"));
        assertEquals(3, SimvtpCli.run("parity", "--bundle", "no-such-bundle"));
    }

    @Test
    void convertUsageErrors() {
        assertEquals(2, SimvtpCli.run("convert", "in.pth"));
        assertEquals(2, SimvtpCli.run("convert", "in.pth", "out.bin"), "unknown output extension");
        assertEquals(2, SimvtpCli.run("convert", "in.ckpt", "out.safetensors"), "unknown input extension");
        assertEquals(2, SimvtpCli.run("convert", "in.pth", "out.pt"), "both torch.save files");
        assertEquals(2, SimvtpCli.run("convert", "in.safetensors", "out.pth", "--upcast-f32"));
        assertEquals(2, SimvtpCli.run("convert", "in.pth", "out.safetensors", "--bogus"));
        assertEquals(3, SimvtpCli.run("convert", "no-such.pth", "out.safetensors"));
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void badInputIsRecognisedThroughLoaderWrappers() {
        assertNotNull(SimvtpCli.badInput(new FileNotFoundException("x")));
        assertNotNull(SimvtpCli.badInput(new DatasetFormatException(Path.of("a.csv"), 3, "bad row")));
        assertNotNull(SimvtpCli.badInput(
                new LoaderException("wrapped", new MediaException(Path.of("v.mp4"), "cannot decode", null))));
        assertNull(SimvtpCli.badInput(new IllegalStateException("bug")));
        assertNull(SimvtpCli.badInput(new LoaderException("worker died", new OutOfMemoryError())));
    }
}
