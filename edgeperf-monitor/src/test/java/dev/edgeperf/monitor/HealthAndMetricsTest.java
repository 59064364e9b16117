package dev.edgeperf.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.monitor.metrics.MonitorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndMetricsTest {

    @Test
    void aHotThrottledPiIsDegradedWithReasons() {
        HealthReport h = SystemMonitor.builder().root(Fixtures.of("pi4-hot-throttled")).build().health();
        assertEquals(HealthStatus.DEGRADED, h.status());
        ComponentHealth throttling = h.components().stream().filter(c -> c.name().equals("throttling")).findFirst().orElseThrow();
        assertEquals("now: frequency capped, throttled", throttling.reason());
        ComponentHealth temperature = h.components().stream().filter(c -> c.name().equals("temperature")).findFirst().orElseThrow();
        assertTrue(temperature.reason().startsWith("CRITICAL: 84.2 °C"), temperature.reason());
    }

    @Test
    void aDiskBelowItsMinimumFreeSpaceIsDown(@TempDir Path dir) {
        HealthReport h = SystemMonitor.builder().root(Fixtures.of("x86-vm")).diskPaths(dir).minFreeDiskBytes(Long.MAX_VALUE / 4)
                .build().health();
        assertEquals(HealthStatus.DOWN, h.status());
        assertTrue(h.components().stream().anyMatch(c -> c.name().equals("disk:" + dir) && c.status() == HealthStatus.DOWN));
    }

    @Test
    void aMissingDiskPathIsDownAndNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        HealthReport h = SystemMonitor.builder().root(Fixtures.of("x86-vm")).diskPaths(missing).build().health();
        assertTrue(h.components().stream().anyMatch(c -> c.status() == HealthStatus.DOWN && c.reason().contains("nope")));
    }

    @Test
    void aServiceAddsItsOwnComponents() {
        HealthReport h = SystemMonitor.builder().root(Fixtures.of("pi4-cool")).build().health()
                .with(new ComponentHealth("store", HealthStatus.DOWN, "circuit open"));
        assertEquals(HealthStatus.DOWN, h.status());
    }

    @Test
    void metersShowReadingsAndNaNForUnavailableOnes() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MonitorMetrics(SystemMonitor.builder().root(Fixtures.of("pi4-undervoltage")).build()).bindTo(registry);
        assertEquals(52.1, registry.get("edgeperf.system.temperature").gauge().value(), 1e-9);
        assertEquals(1.0, registry.get("edgeperf.system.throttled").tag("flag", "under.voltage").gauge().value());
        assertEquals(0.0, registry.get("edgeperf.system.throttled").tag("flag", "frequency.capped").gauge().value());
        assertEquals(1.0, registry.get("edgeperf.system.pressure.level").tag("resource", "thermal").gauge().value());
        assertTrue(Double.isNaN(registry.get("edgeperf.system.memory.stall").tag("kind", "some").gauge().value()));
    }

    @Test
    void eachDiskPathHasItsSpaceAsMetersTaggedByIndex(@TempDir Path dir) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MonitorMetrics(SystemMonitor.builder().root(Fixtures.of("x86-vm")).diskPaths(dir).build()).bindTo(registry);
        double usable = registry.get("edgeperf.system.disk.usable").tag("disk", "0").gauge().value();
        double total = registry.get("edgeperf.system.disk.total").tag("disk", "0").gauge().value();
        assertTrue(usable > 0 && usable <= total, usable + " of " + total);
    }
}
