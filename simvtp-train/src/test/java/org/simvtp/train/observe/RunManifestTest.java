package org.simvtp.train.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.TrainingListener;

class RunManifestTest {

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void manifestRecordsConfigsSeedsVersionsRuntimeAndCommit(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve(".git/refs/heads"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(repo.resolve(".git/refs/heads/main"), SHA + "\n");
        Path sub = Files.createDirectories(repo.resolve("a/b"));

        TrainerConfig trainer = TrainerConfig.builder()
                .optTotalSteps(50)
                .optWarmupSteps(5)
                .optSeed(17)
                .build();
        RunManifest manifest = RunManifest.builder()
                .optName("tiny")
                .optModelConfig(SimvtpConfig.tiny())
                .optTrainerConfig(trainer)
                .addSeed("data", 7)
                .optData("synthetic, 64 clips, seed 7")
                .optStartTime(Instant.parse("2025-05-01T10:00:00Z"))
                .optSourceDirectory(sub)
                .addExtra("note", "test")
                .build();
        Path file = manifest.write(dir.resolve("ckpt"));
        assertEquals(dir.resolve("ckpt").resolve(RunManifest.FILE_NAME), file);
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();

        assertEquals(RunManifest.FORMAT, o.get("format").getAsString());
        assertEquals("tiny", o.get("name").getAsString());
        assertEquals("2025-05-01T10:00:00Z", o.get("started").getAsString());
        JsonObject model = o.getAsJsonObject("configs").getAsJsonObject("model");
        assertEquals(SimvtpConfig.tiny().toString(), model.get("string").getAsString());
        assertEquals(64, model.get("imageSize").getAsInt());
        assertEquals(0.9, model.get("videoMaskRatio").getAsDouble());
        JsonObject t = o.getAsJsonObject("configs").getAsJsonObject("trainer");
        assertEquals(50, t.get("totalSteps").getAsLong());
        assertEquals(0.95, t.get("beta2").getAsDouble());
        assertEquals(17, o.getAsJsonObject("seeds").get("trainer").getAsLong());
        assertEquals(7, o.getAsJsonObject("seeds").get("data").getAsLong());
        assertEquals("synthetic, 64 clips, seed 7", o.get("data").getAsString());
        JsonObject versions = o.getAsJsonObject("versions");
        assertEquals("PyTorch", versions.get("engine").getAsString());
        assertFalse(versions.get("engineVersion").isJsonNull());
        assertFalse(versions.get("djl").isJsonNull());
        assertEquals(System.getProperty("java.version"), versions.get("java").getAsString());
        assertTrue(versions.get("os").getAsString().startsWith(System.getProperty("os.name")));
        assertTrue(versions.get("ffmpegPresets").getAsString().startsWith("7."), versions.toString());
        JsonObject runtime = o.getAsJsonObject("runtime");
        assertEquals(
                Runtime.getRuntime().availableProcessors(),
                runtime.get("availableProcessors").getAsInt());
        assertEquals(1, runtime.getAsJsonArray("devices").size());
        assertTrue(runtime.getAsJsonObject("systemProperties").has("ai.djl.pytorch.num_threads"));
        assertTrue(runtime.getAsJsonObject("environment").has("OMP_NUM_THREADS"));
        assertEquals(SHA, o.getAsJsonObject("git").get("commit").getAsString());
        assertEquals("refs/heads/main", o.getAsJsonObject("git").get("ref").getAsString());
        assertEquals("test", o.getAsJsonObject("extra").get("note").getAsString());
    }

    @Test
    void listenerKeepsTheOriginalManifestOnResume(@TempDir Path dir) throws Exception {
        RunManifest manifest = RunManifest.builder().optSourceDirectory(dir).build();
        TrainingListener l = manifest.listener(dir);
        l.onStart(0, 10);
        l.onStart(6, 10);
        assertTrue(Files.exists(dir.resolve(RunManifest.FILE_NAME)));
        JsonObject resumed = JsonParser.parseString(Files.readString(dir.resolve("run-manifest-resume-6.json")))
                .getAsJsonObject();
        assertEquals(6, resumed.get("resumedAtStep").getAsLong());
        assertTrue(resumed.getAsJsonObject("git").get("commit").isJsonNull(), "no repository: commit is null");
    }

    @Test
    void linkedWorktreesAndPackedRefsAreFollowed(@TempDir Path dir) throws Exception {
        Path common = Files.createDirectories(dir.resolve("main/.git"));
        Path wtGit = Files.createDirectories(common.resolve("worktrees/wt"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/feature\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Files.writeString(
                common.resolve("packed-refs"),
                "# pack-refs with: peeled fully-peeled sorted\n" + SHA + " refs/heads/feature\n");
        Path tree = Files.createDirectories(dir.resolve("wt"));
        Files.writeString(tree.resolve(".git"), "gitdir: " + wtGit + "\n");
        assertEquals(Optional.of(new GitRevision(SHA, "refs/heads/feature")), GitRevision.find(tree));

        Files.writeString(wtGit.resolve("HEAD"), SHA + "\n");
        assertEquals(Optional.of(new GitRevision(SHA, null)), GitRevision.find(tree), "detached HEAD");

        Files.writeString(wtGit.resolve("HEAD"), "garbage\n");
        assertEquals(Optional.empty(), GitRevision.find(tree), "unreadable HEAD: empty, no exception");
    }
}
