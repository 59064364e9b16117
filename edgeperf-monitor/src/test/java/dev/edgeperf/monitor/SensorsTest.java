package dev.edgeperf.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorsTest {

    private static SystemSnapshot sampleOf(String fixture) {
        return SystemMonitor.builder().root(Fixtures.of(fixture))
                .commandRunner((command, timeout) -> "throttled=0x0").build().sample();
    }

    @Test
    void aCoolPi4ReadsItsModelTemperatureFrequencyAndFlags() {
        SystemSnapshot s = sampleOf("pi4-cool");
        assertEquals("Raspberry Pi 4 Model B Rev 1.4", s.boardModel().value());
        assertTrue(s.isRaspberryPi());
        assertEquals(48.312, s.temperatureC().value(), 1e-9);
        assertEquals(0, s.throttle().value().raw());
        assertEquals(1_500_000_000L, s.cpuFrequencyHz().value());
        assertEquals(3884356L * 1024, s.systemMemory().value().totalBytes());
        assertEquals(2874520L * 1024, s.systemMemory().value().availableBytes());
        assertEquals(PressureLevel.NORMAL, s.thermalLevel());
    }

    @Test
    void aStockPiKernelHasNoPsiAndNoMemoryCgroupAndSaysSo() {
        SystemSnapshot s = sampleOf("pi4-cool");
        assertFalse(s.memoryStall().isAvailable());
        assertTrue(s.memoryStall().reason().contains("psi=1"), s.memoryStall().reason());
        assertFalse(s.cgroupMemory().isAvailable());
        assertTrue(s.cgroupMemory().reason().contains("cgroup_enable=memory"), s.cgroupMemory().reason());
    }

    @Test
    void aHotThrottledPi4IsCriticalWithItsFlagsDecoded() {
        SystemSnapshot s = sampleOf("pi4-hot-throttled");
        assertEquals(84.2, s.temperatureC().value(), 1e-9);
        ThrottleFlags f = s.throttle().value();
        assertTrue(f.frequencyCapped() && f.throttled() && !f.underVoltage());
        assertTrue(f.softTemperatureLimitOccurred() && f.throttledOccurred() && !f.underVoltageOccurred());
        assertEquals(PressureLevel.CRITICAL, s.thermalLevel());
    }

    @Test
    void underVoltageRaisesTheThermalLevelToWarningWhateverTheTemperature() {
        SystemSnapshot s = sampleOf("pi4-undervoltage");
        assertEquals(52.1, s.temperatureC().value(), 1e-9);
        assertTrue(s.throttle().value().underVoltage());
        assertEquals("under-voltage, throttled", s.throttle().value().describeNow());
        assertEquals(PressureLevel.WARNING, s.thermalLevel());
    }

    @Test
    void aPi5ReadsItsCgroupLimitAndMemoryStall() {
        SystemSnapshot s = sampleOf("pi5-cool");
        CgroupMemory c = s.cgroupMemory().value();
        assertEquals(512L << 20, c.limitBytes());
        assertEquals(128L << 20, c.currentBytes());
        assertEquals(1.25, s.memoryStall().value().someAvg10(), 1e-9);
        assertEquals(0.40, s.memoryStall().value().fullAvg10(), 1e-9);
        assertEquals(2_400_000_000L, s.cpuFrequencyHz().value());
    }

    @Test
    void aVmWithoutSensorsReportsThemUnavailableNeverZero() {
        SystemSnapshot s = sampleOf("x86-vm");
        assertFalse(s.temperatureC().isAvailable());
        assertTrue(s.temperatureC().reason().contains("no thermal zone"), s.temperatureC().reason());
        assertFalse(s.throttle().isAvailable());
        assertFalse(s.boardModel().isAvailable());
        assertFalse(s.cpuFrequencyHz().isAvailable());
        assertFalse(s.cgroupMemory().value().isLimited(), "cgroup v1 without a limit");
        assertEquals(PressureLevel.NORMAL, s.thermalLevel());
    }

    @Test
    void cpuLoadIsTheBusyShareBetweenTwoSamples(@TempDir Path dir) {
        Path root = Fixtures.copy("x86-vm", dir);
        SystemMonitor monitor = SystemMonitor.builder().root(root).build();
        assertFalse(monitor.snapshot().cpuLoad().isAvailable(), "one sample is not enough");
        // 1000 more jiffies, 250 of them idle: 75% busy.
        Fixtures.write(root, "/proc/stat", "cpu  170913 0 24551 245927 164 0 65 278 0 0\n");
        assertEquals(0.75, monitor.sample().cpuLoad().value(), 1e-9);
    }

    @Test
    void aFileThatTurnsToGarbageMakesOnlyItsReadingUnavailable(@TempDir Path dir) {
        Path root = Fixtures.copy("pi4-cool", dir);
        SystemMonitor monitor = SystemMonitor.builder().root(root).build();
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", "garbage\n");
        Fixtures.write(root, "/proc/meminfo", "\u0000\u0001 not meminfo");
        SystemSnapshot bad = monitor.sample();
        assertFalse(bad.temperatureC().isAvailable());
        assertTrue(bad.temperatureC().reason().contains("garbage"), bad.temperatureC().reason());
        assertFalse(bad.systemMemory().isAvailable());
        assertEquals(0, bad.throttle().value().raw(), "the other sources still read");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", "51000\n");
        assertEquals(51.0, monitor.sample().temperatureC().value(), 1e-9);
    }

    @Test
    void aPressureFileWithoutANumberAfterAvg10MakesTheStallUnavailable(@TempDir Path dir) {
        Path root = Fixtures.copy("pi5-cool", dir);
        Fixtures.write(root, "/proc/pressure/memory", "some avg10=x avg60=0.00 avg300=0.00 total=0\n");
        SystemSnapshot s = SystemMonitor.builder().root(root).build().sample();
        assertFalse(s.memoryStall().isAvailable());
        assertTrue(s.memoryStall().reason().contains("no number after avg10="), s.memoryStall().reason());
    }

    @Test
    void vcgencmdRunsAtMostEveryTenSecondsAndNeverAtBuild() {
        Fixtures.ManualClock clock = new Fixtures.ManualClock();
        int[] runs = {0};
        SystemMonitor monitor = SystemMonitor.builder().root(Fixtures.of("pi5-cool")).clock(clock)
                .ticker(clock::nanos).commandRunner((command, timeout) -> {
                    assertEquals(List.of("vcgencmd", "get_throttled"), command);
                    runs[0]++;
                    return "throttled=0x50005";
                }).build();
        assertEquals(0, runs[0]);
        assertEquals(0x50005, monitor.sample().throttle().value().raw());
        clock.advance(Duration.ofSeconds(9));
        monitor.sample();
        assertEquals(1, runs[0]);
        clock.advance(Duration.ofSeconds(1));
        monitor.sample();
        assertEquals(2, runs[0]);
    }

    @Test
    void aFailingVcgencmdMakesTheFlagsUnavailableWithItsMessage() {
        SystemSnapshot s = SystemMonitor.builder().root(Fixtures.of("pi5-cool"))
                .commandRunner((command, timeout) -> {
                    throw new java.io.IOException("vcgencmd: not found");
                }).build().sample();
        assertFalse(s.throttle().isAvailable());
        assertTrue(s.throttle().reason().contains("not found"), s.throttle().reason());
    }
}
