package org.simvtp.train.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributedConfigTest {

    @Test
    void torchrunStyleVariables() {
        DistributedConfig c = DistributedConfig.fromEnvironment(Map.of(
                "RANK",
                "3",
                "WORLD_SIZE",
                "8",
                "LOCAL_RANK",
                "1",
                "SIMVTP_RENDEZVOUS",
                "redis://10.1.2.3:7000",
                "SIMVTP_RUN_ID",
                "job-7",
                "SIMVTP_DIST_TIMEOUT",
                "12.5",
                "SIMVTP_BUCKET_MB",
                "4",
                "GLOO_SOCKET_IFNAME",
                "eth1"));
        assertEquals(3, c.rank());
        assertEquals(8, c.worldSize());
        assertEquals(1, c.localRank());
        assertEquals(
                new Rendezvous(Rendezvous.Kind.REDIS, "10.1.2.3", 7000),
                c.rendezvous().orElseThrow());
        assertEquals("job-7", c.runId());
        assertEquals(Duration.ofMillis(12_500), c.timeout());
        assertEquals(4L << 20, c.bucketBytes());
        assertEquals("eth1", c.networkInterface());
        assertTrue(c.isDistributed());
        assertFalse(c.isRankZero());
    }

    @Test
    void slurmAndOpenMpiVariablesAreUnderstood() {
        DistributedConfig slurm = DistributedConfig.fromEnvironment(Map.of(
                "SLURM_PROCID",
                "5",
                "SLURM_NTASKS",
                "6",
                "SLURM_LOCALID",
                "1",
                "SLURM_JOB_ID",
                "991",
                "SLURM_STEP_ID",
                "0",
                "SIMVTP_RENDEZVOUS",
                "/shared/r"));
        assertEquals(5, slurm.rank());
        assertEquals(6, slurm.worldSize());
        assertEquals("slurm-991.0", slurm.runId());
        assertEquals(Rendezvous.Kind.FILE, slurm.rendezvous().orElseThrow().kind());
        DistributedConfig mpi = DistributedConfig.fromEnvironment(Map.of(
                "OMPI_COMM_WORLD_RANK",
                "1",
                "OMPI_COMM_WORLD_SIZE",
                "2",
                "OMPI_COMM_WORLD_LOCAL_RANK",
                "0",
                "SIMVTP_RENDEZVOUS",
                "file:///nfs/r"));
        assertEquals(1, mpi.rank());
        assertEquals(2, mpi.worldSize());
        assertEquals(
                Path.of("/nfs/r").toString(), mpi.rendezvous().orElseThrow().location());
        // explicit torchrun variables win over the launcher's
        assertEquals(
                0,
                DistributedConfig.fromEnvironment(Map.of("RANK", "0", "SLURM_PROCID", "4", "WORLD_SIZE", "1"))
                        .rank());
    }

    @Test
    void noVariablesMeansOneProcess() {
        DistributedConfig c = DistributedConfig.fromEnvironment(Map.of());
        assertEquals(0, c.rank());
        assertEquals(1, c.worldSize());
        assertFalse(c.isDistributed());
        assertTrue(c.rendezvous().isEmpty());
    }

    @Test
    void badValuesAreNamed() {
        IllegalArgumentException noRdzv = assertThrows(
                IllegalArgumentException.class,
                () -> DistributedConfig.fromEnvironment(Map.of("RANK", "0", "WORLD_SIZE", "2")));
        assertTrue(noRdzv.getMessage().contains("SIMVTP_RENDEZVOUS"), noRdzv.getMessage());
        IllegalArgumentException rank = assertThrows(
                IllegalArgumentException.class,
                () -> DistributedConfig.builder().setRank(2).setWorldSize(2).build());
        assertTrue(rank.getMessage().contains("rank 2 outside [0, 2)"), rank.getMessage());
        IllegalArgumentException notInt = assertThrows(
                IllegalArgumentException.class, () -> DistributedConfig.fromEnvironment(Map.of("RANK", "x")));
        assertTrue(notInt.getMessage().contains("'x' is not an integer"), notInt.getMessage());
        IllegalArgumentException scheme =
                assertThrows(IllegalArgumentException.class, () -> Rendezvous.parse("tcp://host:1"));
        assertTrue(scheme.getMessage().contains("redis://host:port"), scheme.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> DistributedConfig.builder().optRunId("a/b").build());
        assertThrows(
                IllegalArgumentException.class,
                () -> DistributedConfig.builder().optTimeout(Duration.ZERO).build());
    }

    @Test
    void redisPortDefaultsTo6379AndUrlsRoundTrip() {
        Rendezvous r = Rendezvous.parse("redis://cache.local");
        assertEquals(6379, r.port());
        assertEquals("redis://cache.local:6379", r.toUrl());
        Rendezvous f = Rendezvous.parse("file:///tmp/rdzv");
        assertEquals(f, Rendezvous.parse(f.toUrl()));
        DistributedConfig c = DistributedConfig.builder()
                .setWorldSize(2)
                .setRank(1)
                .setRendezvous(r)
                .build();
        assertEquals(c.toString(), c.toBuilder().build().toString());
    }
}
