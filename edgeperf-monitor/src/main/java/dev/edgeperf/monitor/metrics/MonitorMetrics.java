package dev.edgeperf.monitor.metrics;

import dev.edgeperf.monitor.DiskSpace;
import dev.edgeperf.monitor.PressureLevel;
import dev.edgeperf.monitor.Reading;
import dev.edgeperf.monitor.SystemMonitor;
import dev.edgeperf.monitor.SystemSnapshot;
import dev.edgeperf.monitor.ThrottleFlags;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Publishes a {@link SystemMonitor}'s latest sample to Micrometer. Gauges read the last snapshot (a
 * volatile read), so a scrape never triggers a sample. An unavailable reading is NaN, which Prometheus
 * registries leave out rather than report as 0.
 *
 * <ul>
 *   <li>{@code edgeperf.system.temperature} (celsius), {@code edgeperf.system.cpu.frequency} (hertz)
 *   <li>{@code edgeperf.system.throttled} with tag {@code flag} = {@code under.voltage},
 *       {@code frequency.capped}, {@code throttled}, {@code soft.temperature.limit}: 1 when set now
 *   <li>{@code edgeperf.system.memory.available} and {@code .total} (bytes)
 *   <li>{@code edgeperf.system.cgroup.memory.current} and {@code .limit} (bytes)
 *   <li>{@code edgeperf.system.memory.stall} with tag {@code kind} = {@code some}/{@code full} (percent)
 *   <li>{@code edgeperf.system.pressure.level} with tag {@code resource} = {@code memory}/{@code thermal}:
 *       0 normal, 1 warning, 2 critical
 *   <li>{@code edgeperf.system.memory.budget.used} and {@code .limit} (bytes)
 *   <li>{@code edgeperf.system.disk.usable} and {@code .total} (bytes) for each of the monitor's disk paths
 *       measured when the binder binds, tagged {@code disk} with the path's index (the path itself may be
 *       private)
 * </ul>
 *
 * <p>It does not repeat what Micrometer already measures: bind {@code JvmMemoryMetrics},
 * {@code JvmGcMetrics}, {@code ProcessorMetrics} and {@code JvmThreadMetrics} alongside it for heap, GC,
 * CPU usage and threads. Thread-safe. Micrometer is an optional dependency of edgeperf-monitor.
 *
 * @since 0.1.0
 */
public final class MonitorMetrics implements MeterBinder {
    private final SystemMonitor monitor;

    /**
     * Binds {@code monitor}'s gauges when {@link #bindTo} is called.
     *
     * @param monitor the monitor to publish
     */
    public MonitorMetrics(SystemMonitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "temperature", "celsius", "CPU temperature", s -> value(s.temperatureC(), t -> t));
        gauge(registry, "cpu.frequency", "hertz", "frequency of CPU 0", s -> value(s.cpuFrequencyHz(), Long::doubleValue));
        flag(registry, "under.voltage", ThrottleFlags::underVoltage);
        flag(registry, "frequency.capped", ThrottleFlags::frequencyCapped);
        flag(registry, "throttled", ThrottleFlags::throttled);
        flag(registry, "soft.temperature.limit", ThrottleFlags::softTemperatureLimit);
        gauge(registry, "memory.available", "bytes", "MemAvailable",
                s -> value(s.systemMemory(), m -> (double) m.availableBytes()));
        gauge(registry, "memory.total", "bytes", "MemTotal", s -> value(s.systemMemory(), m -> (double) m.totalBytes()));
        gauge(registry, "cgroup.memory.current", "bytes", "memory charged to this process's cgroup",
                s -> value(s.cgroupMemory(), c -> (double) c.currentBytes()));
        gauge(registry, "cgroup.memory.limit", "bytes", "the cgroup's memory limit",
                s -> value(s.cgroupMemory(), c -> c.isLimited() ? (double) c.limitBytes() : Double.NaN));
        Gauge.builder("edgeperf.system.memory.stall", monitor, m -> value(m.snapshot().memoryStall(), p -> p.someAvg10()))
                .tag("kind", "some").baseUnit("percent").description("share of the last 10 s some task waited for memory")
                .register(registry);
        Gauge.builder("edgeperf.system.memory.stall", monitor, m -> value(m.snapshot().memoryStall(), p -> p.fullAvg10()))
                .tag("kind", "full").baseUnit("percent").description("share of the last 10 s all tasks waited for memory")
                .register(registry);
        level(registry, "memory", SystemSnapshot::memoryLevel);
        level(registry, "thermal", SystemSnapshot::thermalLevel);
        gauge(registry, "memory.budget.used", "bytes", "memory in use against the binding limit",
                s -> s.memory().usedBytes());
        gauge(registry, "memory.budget.limit", "bytes", "the binding memory limit", s -> s.memory().limitBytes());
        List<DiskSpace> disks = monitor.snapshot().disks();
        for (int i = 0; i < disks.size(); i++) {
            Path path = disks.get(i).path();
            disk(registry, i, "usable", "bytes this process may still write", path, DiskSpace::usableBytes);
            disk(registry, i, "total", "the file system's size", path, DiskSpace::totalBytes);
        }
    }

    /** A disk's gauge, tagged with its index among the configured paths (not the path: it may be private). */
    private void disk(MeterRegistry registry, int index, String name, String help, Path path, ToLongFunction<DiskSpace> f) {
        Gauge.builder("edgeperf.system.disk." + name, monitor, m -> m.snapshot().disks().stream()
                        .filter(d -> d.path().equals(path)).mapToDouble(d -> (double) f.applyAsLong(d)).findFirst()
                        .orElse(Double.NaN))
                .tag("disk", Integer.toString(index)).baseUnit("bytes").description(help).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String unit, String help, ToDoubleFunction<SystemSnapshot> f) {
        Gauge.builder("edgeperf.system." + name, monitor, m -> f.applyAsDouble(m.snapshot()))
                .baseUnit(unit).description(help).register(registry);
    }

    private void flag(MeterRegistry registry, String flag, Predicate<ThrottleFlags> set) {
        Gauge.builder("edgeperf.system.throttled", monitor,
                        m -> value(m.snapshot().throttle(), f -> set.test(f) ? 1.0 : 0.0))
                .tag("flag", flag).description("Raspberry Pi throttle flag, set now").register(registry);
    }

    private void level(MeterRegistry registry, String resource, Function<SystemSnapshot, PressureLevel> level) {
        Gauge.builder("edgeperf.system.pressure.level", monitor, m -> switch (level.apply(m.snapshot())) {
            case NORMAL -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
        })
                .tag("resource", resource).description("0 normal, 1 warning, 2 critical").register(registry);
    }

    private static <T> double value(Reading<T> reading, ToDoubleFunction<T> f) {
        return reading.isAvailable() ? f.applyAsDouble(reading.value()) : Double.NaN;
    }
}
