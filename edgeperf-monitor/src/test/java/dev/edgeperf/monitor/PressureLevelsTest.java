package dev.edgeperf.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PressureLevelsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final LevelTracker tracker = new LevelTracker(new Thresholds(75, 80, 5, Duration.ofSeconds(30)));

    private PressureLevel at(double value, int second) {
        return tracker.update(value, PressureLevel.NORMAL, TimeUnit.SECONDS.toNanos(second));
    }

    @Test
    void levelsRiseAtOnce() {
        assertEquals(PressureLevel.NORMAL, at(60, 0));
        assertEquals(PressureLevel.CRITICAL, at(81, 1));
    }

    @Test
    void aLevelFallsOnlyAfterTheValueStaysBelowItsThresholdLessHysteresisForTheDwell() {
        at(81, 0);
        assertEquals(PressureLevel.CRITICAL, at(76, 1), "76 is inside the hysteresis band");
        assertEquals(PressureLevel.CRITICAL, at(74, 2), "clear, dwell starts");
        assertEquals(PressureLevel.CRITICAL, at(74, 31), "29 s of dwell");
        assertEquals(PressureLevel.WARNING, at(74, 32), "30 s of dwell");
    }

    @Test
    void returningAboveTheBandRestartsTheDwell() {
        at(81, 0);
        at(60, 1);
        at(77, 20);
        assertEquals(PressureLevel.CRITICAL, at(60, 40));
        assertEquals(PressureLevel.NORMAL, at(60, 70));
    }

    @Test
    void aFloorHoldsTheLevelWhateverTheValue() {
        assertEquals(PressureLevel.WARNING, tracker.update(40, PressureLevel.WARNING, 0));
        assertEquals(PressureLevel.WARNING, tracker.update(Double.NaN, PressureLevel.WARNING, TimeUnit.SECONDS.toNanos(60)));
    }

    @Test
    void thresholdsOutOfOrderAreRejectedNamingTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Thresholds(80, 75, 5, Duration.ZERO));
        assertTrue(e.getMessage().contains("warning=80.0") && e.getMessage().contains("critical=75.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(75, 80, -1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(75, 80, 5, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> SystemMonitor.builder().interval(Duration.ZERO));
    }

    /** The scenario: a Pi 5 going 60, 78, 83, then 70 °C. */
    @Test
    void aPi5HeatingUpAndCoolingDownGivesExactlyTheseTransitionsAndAdvice(@TempDir Path dir) {
        Path root = Fixtures.copy("pi5-cool", dir);
        Fixtures.ManualClock clock = new Fixtures.ManualClock();
        List<String> transitions = new ArrayList<>();
        List<Integer> advice = new ArrayList<>();
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", "60000\n");
        SystemMonitor monitor = SystemMonitor.builder().root(root).clock(clock).ticker(clock::nanos).cores(4)
                .commandRunner((command, timeout) -> "throttled=0x0").build();
        monitor.addListener((resource, from, to, s) -> {
            if (resource == PressureListener.Resource.THERMAL) {
                transitions.add(from + "->" + to);
            }
        });
        advice.add(monitor.thermalAdvice().getAsInt());
        for (String milli : List.of("78000", "83000", "70000", "70000")) {
            clock.advance(Duration.ofSeconds(30));
            Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", milli + "\n");
            monitor.sample();
            advice.add(monitor.thermalAdvice().getAsInt());
        }
        assertEquals(List.of("NORMAL->WARNING", "WARNING->CRITICAL", "CRITICAL->WARNING"), transitions);
        assertEquals(List.of(4, 2, 1, 1, 2), advice, "70 °C must last the 30 s dwell before the level falls");
    }

    /** A Pi has no real-time clock: NTP sets the wall clock back or forth at boot, which must not stretch a dwell. */
    @Test
    void aWallClockSetBackDoesNotHoldALevelUp(@TempDir Path dir) {
        Path root = Fixtures.copy("pi5-cool", dir);
        Fixtures.ManualClock clock = new Fixtures.ManualClock();
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", "83000\n");
        SystemMonitor monitor = SystemMonitor.builder().root(root).clock(clock).ticker(clock::nanos)
                .commandRunner((command, timeout) -> "throttled=0x0").build();
        assertEquals(PressureLevel.CRITICAL, monitor.snapshot().thermalLevel());
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", "60000\n");
        monitor.sample();
        clock.set(Instant.parse("2026-11-22T10:00:00Z"));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(PressureLevel.NORMAL, monitor.sample().thermalLevel(), "30 s of dwell passed on the ticker");
        assertEquals(Instant.parse("2026-11-22T10:00:30Z"), monitor.snapshot().takenAt(), "samples carry wall time");
    }

    @Test
    void theMonitorTakesEachSettingOnce() {
        SystemMonitorBuilder b = SystemMonitor.builder().cores(2);
        assertEquals("cores was already set", assertThrows(IllegalStateException.class, () -> b.cores(4)).getMessage());
    }

    @Test
    void aThrottledPiGetsOneWorkerEvenWhenCool() {
        SystemMonitor monitor = SystemMonitor.builder().root(Fixtures.of("pi4-undervoltage")).cores(4).build();
        assertEquals(1, monitor.thermalAdvice().getAsInt(), "0x50005: throttled now, at 52 °C");
    }

    @Test
    void underVoltageAloneHalvesTheAdvice(@TempDir Path dir) {
        Path root = Fixtures.copy("pi4-undervoltage", dir);
        Fixtures.write(root, PiFirmware.THROTTLED_ATTRIBUTE, "1\n");
        SystemMonitor monitor = SystemMonitor.builder().root(root).cores(4).build();
        assertEquals(PressureLevel.WARNING, monitor.snapshot().thermalLevel());
        assertEquals(2, monitor.thermalAdvice().getAsInt());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers(@TempDir Path dir) {
        Path root = Fixtures.copy("pi5-cool", dir);
        SystemMonitor monitor = SystemMonitor.builder().root(root).commandRunner((c, t) -> "throttled=0x0").build();
        List<PressureLevel> heard = new ArrayList<>();
        monitor.addListener((resource, from, to, s) -> {
            throw new IllegalStateException("listener bug");
        });
        monitor.addListener((resource, from, to, s) -> heard.add(to));
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", "90000\n");
        monitor.sample();
        assertEquals(List.of(PressureLevel.CRITICAL), heard);
    }

    @Test
    void memoryTurningCriticalRunsTheHooksOnce(@TempDir Path dir) {
        Path root = Fixtures.copy("pi5-cool", dir);
        SystemMonitor monitor = SystemMonitor.builder().root(root).commandRunner((c, t) -> "throttled=0x0").build();
        int[] runs = {0};
        monitor.onCriticalMemory(() -> runs[0]++);
        assertEquals(PressureLevel.NORMAL, monitor.snapshot().memoryLevel());
        Fixtures.write(root, "/sys/fs/cgroup/system.slice/sermon-uploader.service/memory.current", "520093696\n");
        SystemSnapshot s = monitor.sample();
        assertEquals(PressureLevel.CRITICAL, s.memoryLevel());
        assertEquals("cgroup", s.memory().limitedBy());
        monitor.sample();
        assertEquals(1, runs[0], "once per change to CRITICAL, not once per critical sample");
    }
}
