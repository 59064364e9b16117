package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.library.DiskOutlook;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.monitor.ComponentHealth;
import dev.edgeperf.monitor.DiskSpace;
import dev.edgeperf.monitor.HealthStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data disk's health: share thresholds, and the days of recording left at the recent rate. */
class DiskOutlookTest {
    private static final long GIB = 1L << 30;
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;
    private final ProtectionTest.MutableClock clock = new ProtectionTest.MutableClock(NOW);
    private final List<SermonRecord> stored = new ArrayList<>();

    private DiskOutlook outlook() {
        return new DiskOutlook(0.20, 0.10, () -> List.copyOf(stored), clock, Runnable::run);
    }

    private static SermonRecord sermon(String name, long size, Instant at) {
        return new SermonRecord(name, name, size, "0".repeat(64), null, 0, at.toString(), "test", "id-" + name);
    }

    private ComponentHealth judge(DiskOutlook o, long usable) {
        return o.judge("disk:DATA_DIR", new DiskSpace(dir, usable, 100 * GIB));
    }

    @Test
    void theStatusFollowsTheShareFree() {
        DiskOutlook o = outlook();
        assertEquals(HealthStatus.UP, judge(o, 30 * GIB).status());
        assertEquals(HealthStatus.DEGRADED, judge(o, 15 * GIB).status());
        assertEquals(HealthStatus.DOWN, judge(o, 5 * GIB).status());
    }

    @Test
    void theReasonGivesTheDaysLeftAtTheLastFourWeeksRate() {
        stored.add(sermon("a.wav", 14 * GIB, NOW.minus(Duration.ofDays(3))));
        stored.add(sermon("b.wav", 14 * GIB, NOW.minus(Duration.ofDays(20))));
        stored.add(sermon("old.wav", 500 * GIB, NOW.minus(Duration.ofDays(40))));
        String reason = judge(outlook(), 30 * GIB).reason();
        assertTrue(reason.startsWith("30.0 GiB free of 100.0 GiB (30%; warning below 20%, critical below 10%)"), reason);
        assertTrue(reason.endsWith("about 30 days of recordings left at the last 28 days' rate (1.00 GiB a day)"), reason);
    }

    @Test
    void withoutRecentUploadsItSaysSo() {
        stored.add(sermon("old.wav", GIB, NOW.minus(Duration.ofDays(40))));
        assertTrue(judge(outlook(), 30 * GIB).reason().endsWith("no uploads in the last 28 days to estimate the days left"
                + " from"));
    }

    @Test
    void theRateIsReadAgainOnlyEveryTenMinutes() {
        DiskOutlook o = outlook();
        judge(o, 30 * GIB);
        stored.add(sermon("a.wav", 28 * GIB, NOW));
        assertTrue(judge(o, 30 * GIB).reason().contains("no uploads"), "cached");
        clock.advance(Duration.ofMinutes(10));
        assertTrue(judge(o, 30 * GIB).reason().contains("about 30 days"), "read again");
    }

    @Test
    void aHealthCheckNeverWaitsForTheRate() {
        List<Runnable> queued = new ArrayList<>();
        DiskOutlook o = new DiskOutlook(0.20, 0.10, () -> List.copyOf(stored), clock, queued::add);
        assertTrue(judge(o, 30 * GIB).reason().endsWith("the upload rate is being read"));
        assertEquals(1, queued.size(), "read on the executor");
        judge(o, 30 * GIB);
        assertEquals(1, queued.size(), "once at a time");
        queued.get(0).run();
        assertTrue(judge(o, 30 * GIB).reason().contains("no uploads in the last 28 days"));
    }

    @Test
    void criticalAboveWarningIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DiskOutlook(0.1, 0.2, List::of, clock, Runnable::run));
        ConfigException e = assertThrows(ConfigException.class, () -> Config.parse(java.util.Map.of("DISK_WARNING_FREE", "10%",
                "DISK_CRITICAL_FREE", "15%"), new String[0]));
        assertEquals("DISK_CRITICAL_FREE=15% is not allowed: allowed at most DISK_WARNING_FREE (10%)", e.getMessage());
    }

    @Test
    void detailedHealthShowsTheOutlookOfTheDataDisk() throws Exception {
        try (TestService s = TestService.start(dir, "DISK_WARNING_FREE", "100%")) {
            JsonNode components = Json.MAPPER.readTree(s.get("/api/health/detailed").body()).get("components");
            JsonNode disk = null;
            for (JsonNode c : components) {
                if (c.get("name").asText().equals("disk:DATA_DIR")) {
                    disk = c;
                }
            }
            assertTrue(disk != null, components.toString());
            assertEquals("DEGRADED", disk.get("status").asText(), "less than 100% is free");
            assertTrue(disk.get("reason").asText().contains("warning below 100%"), disk.toString());
        }
    }
}
