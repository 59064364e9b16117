package dev.edgeperf.monitor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link SystemMonitor}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once, naming them.
 * Not thread-safe.
 *
 * @since 0.1.0
 */
public final class SystemMonitorBuilder {
    @Nullable Path root;
    @Nullable Duration interval;
    @Nullable Clock clock;
    @Nullable LongSupplier ticker;
    @Nullable Thresholds memoryThresholds;
    @Nullable Thresholds temperatureThresholds;
    @Nullable Long maxMemoryBytes;
    @Nullable List<Path> diskPaths;
    @Nullable Long minFreeDiskBytes;
    @Nullable Integer cores;
    @Nullable Boolean gcOnCriticalMemory;
    @Nullable CommandRunner commands;

    SystemMonitorBuilder() {
    }

    /**
     * Where {@code /proc} and {@code /sys} are looked for (default {@code /}).
     *
     * @param root a directory; tests point it at fixtures
     * @return this builder
     */
    public SystemMonitorBuilder root(Path root) {
        Checks.requireUnset(this.root, "root");
        this.root = Objects.requireNonNull(root, "root");
        return this;
    }

    /**
     * Time between samples (default 1 s).
     *
     * @param interval positive
     * @return this builder
     */
    public SystemMonitorBuilder interval(Duration interval) {
        Checks.requireUnset(this.interval, "interval");
        if (Objects.requireNonNull(interval, "interval").isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.interval = interval;
        return this;
    }

    /**
     * The wall clock that stamps samples (default the UTC system clock). It times nothing: see {@link #ticker}.
     *
     * @param clock read once per sample
     * @return this builder
     */
    public SystemMonitorBuilder clock(Clock clock) {
        Checks.requireUnset(this.clock, "clock");
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * The time source of the levels' dwell and of the interval between {@code vcgencmd} runs (default
     * {@link System#nanoTime()}): monotonic, so a wall clock set at boot cannot stretch or cut them.
     *
     * @param ticker reads a monotonic time in nanoseconds
     * @return this builder
     */
    public SystemMonitorBuilder ticker(LongSupplier ticker) {
        Checks.requireUnset(this.ticker, "ticker");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Memory thresholds, as shares of the binding limit (default {@link Thresholds#MEMORY}).
     *
     * @param thresholds between 0 and 1
     * @return this builder
     */
    public SystemMonitorBuilder memoryThresholds(Thresholds thresholds) {
        Checks.requireUnset(memoryThresholds, "memoryThresholds");
        this.memoryThresholds = Objects.requireNonNull(thresholds, "thresholds");
        return this;
    }

    /**
     * Temperature thresholds (default {@link Thresholds#TEMPERATURE}).
     *
     * @param thresholds in °C
     * @return this builder
     */
    public SystemMonitorBuilder temperatureThresholds(Thresholds thresholds) {
        Checks.requireUnset(temperatureThresholds, "temperatureThresholds");
        this.temperatureThresholds = Objects.requireNonNull(thresholds, "thresholds");
        return this;
    }

    /**
     * A memory limit of the service's own (the seeds' {@code MAX_MEMORY_MB}), against heap plus direct
     * buffers in use; the tightest of this, the heap maximum and the cgroup limit binds (default: none).
     *
     * @param bytes positive
     * @return this builder
     */
    public SystemMonitorBuilder maxMemoryBytes(long bytes) {
        Checks.requireUnset(maxMemoryBytes, "maxMemoryBytes");
        if (bytes < 1) {
            throw new IllegalArgumentException("maxMemoryBytes must be positive, was " + bytes);
        }
        this.maxMemoryBytes = bytes;
        return this;
    }

    /**
     * Paths whose file systems' free space is measured and judged in {@link SystemMonitor#health()} (default
     * none).
     *
     * @param paths files or directories
     * @return this builder
     */
    public SystemMonitorBuilder diskPaths(Path... paths) {
        Checks.requireUnset(diskPaths, "diskPaths");
        this.diskPaths = List.of(paths);
        return this;
    }

    /**
     * Free space below which a disk is DOWN, and DEGRADED below twice this (default 1 GiB).
     *
     * @param bytes 0 or more
     * @return this builder
     */
    public SystemMonitorBuilder minFreeDiskBytes(long bytes) {
        Checks.requireUnset(minFreeDiskBytes, "minFreeDiskBytes");
        if (bytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes must be >= 0, was " + bytes);
        }
        this.minFreeDiskBytes = bytes;
        return this;
    }

    /**
     * The cores {@link ThermalAdvice} shares out (default: the processors available to the JVM).
     *
     * @param cores at least 1
     * @return this builder
     */
    public SystemMonitorBuilder cores(int cores) {
        Checks.requireUnset(this.cores, "cores");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, was " + cores);
        }
        this.cores = cores;
        return this;
    }

    /**
     * Whether to call {@code System.gc()} when memory turns CRITICAL (default false; see
     * {@link SystemMonitor}'s class doc).
     *
     * @param gc true to ask for a collection on each turn to CRITICAL
     * @return this builder
     */
    public SystemMonitorBuilder gcOnCriticalMemory(boolean gc) {
        Checks.requireUnset(gcOnCriticalMemory, "gcOnCriticalMemory");
        this.gcOnCriticalMemory = gc;
        return this;
    }

    SystemMonitorBuilder commandRunner(CommandRunner commands) {
        Checks.requireUnset(this.commands, "commandRunner");
        this.commands = commands;
        return this;
    }

    /**
     * Builds the monitor and takes its first sample (without spawning processes); does not start it.
     *
     * @return a new monitor
     */
    public SystemMonitor build() {
        SystemMonitor monitor = new SystemMonitor(this);
        monitor.takeSample(false);
        return monitor;
    }
}
