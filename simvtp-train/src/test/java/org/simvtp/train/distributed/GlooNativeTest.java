package org.simvtp.train.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JNI shim inside one JVM: loading, symbol binding next to libtorch, tensor views, a world of one. */
class GlooNativeTest {

    static void needsGloo() {
        assumeTrue(
                GlooProcessGroup.isAvailable(), "Gloo shim not built or libgloo0 missing: " + GlooNative.INSTALL_HINT);
    }

    @Test
    void aMissingLibraryGivesAnInstallHint() {
        GlooUnavailableException resource =
                assertThrows(GlooUnavailableException.class, () -> GlooNative.load(null, "/native/no-such-lib.so"));
        assertTrue(
                resource.getMessage().contains("apt-get install -y g++ libgloo-dev")
                        && resource.getMessage().contains("no-such-lib.so"),
                resource.getMessage());
        GlooUnavailableException path = assertThrows(
                GlooUnavailableException.class,
                () -> GlooNative.load("/no/such/libsimvtp_gloo.so", GlooNative.RESOURCE));
        assertTrue(path.getMessage().contains("libgloo-dev"), path.getMessage());
        assertTrue(path.getCause() instanceof UnsatisfiedLinkError);
    }

    @Test
    void glooSymbolsBindToDebiansLibraryEvenWithLibtorchLoaded() {
        needsGloo();
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new ai.djl.ndarray.types.Shape(2)).sum().getFloat(); // libtorch_cpu.so (with its own Gloo) is loaded
            String lib = GlooNative.glooLibraryPath();
            assertTrue(lib.contains("libgloo.so"), "gloo::allreduce comes from " + lib);
            assertFalse(lib.contains("torch"), lib);
        }
    }

    @Test
    @Tag("slow")
    void withLibtorchLoadedFirstTheShimStillBindsDebiansGloo() throws Exception {
        needsGloo();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            cmd.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        cmd.add(SymbolBindingCheck.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("TORCH 3.0"), out);
        assertTrue(
                out.matches("(?s).*GLOO \\S*libgloo\\.so\\S*.*"), "gloo::allreduce must come from libgloo.so:\n" + out);
    }

    @Test
    void cpuTensorsAreReducedInPlaceOtherLayoutsAreStaged() {
        needsGloo();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.arange(6f);
            HostView view = HostView.of(a);
            assertTrue(view.aliased(), "contiguous CPU tensor: a view of its storage");
            view.buffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(0, 42f);
            assertEquals(42f, a.getFloat(0), "writing the view changes the tensor");
            NDArray t = m.arange(6f).reshape(2, 3).transpose();
            HostView staged = HostView.of(t);
            assertFalse(staged.aliased(), "non-contiguous tensor: staged copy");
            staged.buffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(1, -1f);
            staged.writeBack();
            assertEquals(-1f, t.toFloatArray()[1]);
        }
    }

    @Test
    void aWorldOfOneNeedsNoPeersAndAStaleStoreIsRefused(@TempDir Path dir) throws Exception {
        needsGloo();
        DistributedConfig c = DistributedConfig.builder()
                .setRendezvous(Rendezvous.parse(dir.toString()))
                .optRunId("once")
                .optHostname("127.0.0.1")
                .build();
        try (GlooProcessGroup g = GlooProcessGroup.connect(c)) {
            ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            b.putFloat(0, 3f).putFloat(4, 5f);
            g.allReduce(List.of(b), ai.djl.ndarray.types.DataType.FLOAT32, ReduceOp.SUM, true);
            assertEquals(3f, b.getFloat(0));
            g.barrier();
            ByteBuffer out = ByteBuffer.allocateDirect(8);
            g.allGather(b, out);
            assertEquals(5f, out.order(ByteOrder.nativeOrder()).getFloat(4));
        }
        assertTrue(Files.list(dir).findAny().isPresent(), "the join key is in the file store");
        CollectiveException stale = assertThrows(CollectiveException.class, () -> GlooProcessGroup.connect(c));
        assertTrue(stale.getMessage().contains("fresh run id"), stale.getMessage());
        GlooProcessGroup closed =
                GlooProcessGroup.connect(c.toBuilder().optRunId("twice").build());
        closed.close();
        assertThrows(IllegalStateException.class, closed::barrier);
    }
}
