package dev.edgeperf.monitor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples temperature, throttling, CPU and memory at a fixed interval and keeps the latest
 * {@link SystemSnapshot}, with memory and thermal pressure levels, admission control
 * ({@link #memoryGuard()}), concurrency advice ({@link #thermalAdvice()}) and health ({@link #health()}).
 *
 * <pre>{@code
 * SystemMonitor monitor = SystemMonitor.builder().diskPaths(dataDir).build().start();
 * monitor.addListener((resource, from, to, s) -> log.warn("{} pressure {} -> {}", resource, from, to));
 * WorkerPool pool = WorkerPool.builder().limit(monitor.thermalAdvice()).build();
 * }</pre>
 *
 * <p><b>Where it reads.</b> Linux's {@code /proc} and {@code /sys} under a configurable root (so tests use
 * fixture trees), the JVM's memory beans, and on a Raspberry Pi {@code vcgencmd} at most every 10 s when
 * the kernel lacks the firmware's sysfs attribute. Every source is optional: a missing one is an
 * unavailable {@link Reading} with a reason, never a zero, and a file that turns to garbage or vanishes
 * only makes its reading unavailable. Off Linux, OSHI stands in if it is on the class path.
 *
 * <p><b>Cost.</b> {@link SystemMonitorBuilder#build()} takes one sample (about 35 ms in a fresh JVM, class loading
 * included; nothing heavy, OSHI included, is loaded on Linux). {@link #start()} samples on one daemon thread,
 * by default every second; a sample reads about ten small files, which it keeps open (see
 * {@code benchmarks/RESULTS.md} for its time and allocation). {@link #snapshot()} is a volatile read. Thread-safe.
 *
 * <p><b>Reactions.</b> Listeners hear of level changes; hooks run when memory turns CRITICAL (trim a buffer
 * pool, drop a cache). An explicit {@code System.gc()} there is off by default: a full collection on a small
 * device stalls every request, and the JVM collects when it needs to anyway.
 *
 * @since 0.1.0
 */
public final class SystemMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemMonitor.class);

    private final Duration interval;
    /** Stamps samples (wall time); dwell and command intervals are timed by the ticker. */
    private final Clock clock;
    private final LongSupplier ticker;
    private final long maxMemoryBytes;
    private final List<Path> diskPaths;
    private final boolean gcOnCriticalMemory;
    private final boolean useOshi;

    private final SysFs fs;
    private final ThermalSensor thermal;
    private final PiFirmware firmware;
    private final CpuSensor cpu;
    private final MemorySensors memory;
    private final LevelTracker memoryLevel;
    private final LevelTracker thermalLevel;
    private final HealthRules healthRules;
    private final MemoryGuard guard;
    private final ThermalAdvice advice;
    private final List<PressureListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> criticalMemoryHooks = new CopyOnWriteArrayList<>();
    /** Sensors keep state between samples; the sampler thread and sample() callers take turns. */
    private final ReentrantLock sampling = new ReentrantLock();
    private final Map<Path, FileStore> fileStores = new HashMap<>();
    private @Nullable OshiFallback oshi;
    private @Nullable ScheduledExecutorService executor;
    /** Never null once built: {@link SystemMonitorBuilder#build()} takes the first sample before handing the monitor out. */
    @SuppressWarnings("NullAway.Init")
    private volatile SystemSnapshot latest;

    SystemMonitor(SystemMonitorBuilder b) {
        Path root = b.root == null ? Path.of("/") : b.root;
        Thresholds memoryThresholds = b.memoryThresholds == null ? Thresholds.MEMORY : b.memoryThresholds;
        Thresholds temperatureThresholds = b.temperatureThresholds == null ? Thresholds.TEMPERATURE : b.temperatureThresholds;
        this.interval = b.interval == null ? Duration.ofSeconds(1) : b.interval;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.ticker = b.ticker == null ? System::nanoTime : b.ticker;
        this.maxMemoryBytes = b.maxMemoryBytes == null ? 0 : b.maxMemoryBytes;
        this.diskPaths = b.diskPaths == null ? List.of() : b.diskPaths;
        this.gcOnCriticalMemory = b.gcOnCriticalMemory != null && b.gcOnCriticalMemory;
        this.fs = new SysFs(root);
        this.useOshi = root.equals(Path.of("/")) && !System.getProperty("os.name", "").startsWith("Linux")
                && OshiFallback.available();
        this.thermal = new ThermalSensor(fs);
        this.firmware = new PiFirmware(fs, b.commands == null ? CommandRunner.PROCESSES : b.commands);
        this.cpu = new CpuSensor(fs);
        this.memory = new MemorySensors(fs);
        this.memoryLevel = new LevelTracker(memoryThresholds);
        this.thermalLevel = new LevelTracker(temperatureThresholds);
        this.healthRules = new HealthRules(temperatureThresholds, b.minFreeDiskBytes == null ? 1L << 30 : b.minFreeDiskBytes);
        this.guard = new MemoryGuard(this::snapshot, memoryThresholds.critical());
        this.advice = new ThermalAdvice(this::snapshot, b.cores == null ? Runtime.getRuntime().availableProcessors() : b.cores);
    }

    /**
     * A builder with the defaults: root {@code /}, a sample a second, the default thresholds.
     *
     * @return a new builder
     */
    public static SystemMonitorBuilder builder() {
        return new SystemMonitorBuilder();
    }

    /**
     * Starts sampling every interval on a daemon thread named {@code edgeperf-monitor}. Idempotent.
     *
     * @return this monitor
     */
    public SystemMonitor start() {
        sampling.lock();
        try {
            if (executor == null) {
                ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, task -> {
                    Thread t = new Thread(task, "edgeperf-monitor");
                    t.setDaemon(true);
                    return t;
                });
                long nanos = interval.toNanos();
                var unused = e.scheduleWithFixedDelay(this::sampleQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
                executor = e;
            }
        } finally {
            sampling.unlock();
        }
        return this;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException | Error e) {
            // A sampler that dies stops every reading, level and guard: log and keep going.
            LOG.error("system sample failed; the next one runs on schedule", e);
        }
    }

    /**
     * Takes a sample now, on the calling thread, and returns it: for a caller's own scheduler instead of
     * {@link #start()}. May run {@code vcgencmd} on a Pi (at most every 10 s).
     *
     * @return the new sample
     */
    public SystemSnapshot sample() {
        return takeSample(true);
    }

    /**
     * The latest sample. Never blocks.
     *
     * @return the latest snapshot
     */
    public SystemSnapshot snapshot() {
        return latest;
    }

    /**
     * Adds a listener for pressure level changes.
     *
     * @param listener called on the sampler's thread, so it must be quick
     */
    public void addListener(PressureListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Adds a hook run (on the sampler's thread) each time memory pressure becomes CRITICAL.
     *
     * @param hook called on the sampler's thread
     */
    public void onCriticalMemory(Runnable hook) {
        criticalMemoryHooks.add(Objects.requireNonNull(hook, "hook"));
    }

    /**
     * Admission control by the latest sample's memory budget.
     *
     * @return this monitor's guard
     */
    public MemoryGuard memoryGuard() {
        return guard;
    }

    /**
     * Recommended parallelism from heat, as an {@link java.util.function.IntSupplier}.
     *
     * @return this monitor's advice
     */
    public ThermalAdvice thermalAdvice() {
        return advice;
    }

    /**
     * Health of memory, temperature, throttling and the configured disks, from the latest sample.
     *
     * @return the report
     */
    public HealthReport health() {
        return healthRules.report(latest);
    }

    /** Stops the sampler thread and closes the files it keeps open. The last snapshot stays readable. Idempotent. */
    @Override
    public void close() {
        sampling.lock();
        try {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
            fs.close();
        } finally {
            sampling.unlock();
        }
    }

    SystemSnapshot takeSample(boolean mayRunCommands) {
        sampling.lock();
        try {
            Instant now = clock.instant();
            long nowNanos = ticker.getAsLong();
            Reading<Double> temperature = thermal.read();
            Reading<SystemMemory> systemMemory = memory.system();
            Reading<Double> load = cpu.load();
            if (useOshi) {
                if (oshi == null) {
                    oshi = new OshiFallback();
                }
                OshiFallback o = oshi;
                temperature = temperature.isAvailable() ? temperature : o.temperature();
                systemMemory = systemMemory.isAvailable() ? systemMemory : o.memory();
                load = load.isAvailable() ? load : o.load();
            }
            Reading<ThrottleFlags> throttle = firmware.throttle(nowNanos, mayRunCommands);
            Reading<CgroupMemory> cgroup = memory.cgroup();
            JvmMemory jvm = memory.jvm();
            MemoryBudget budget = MemoryBudget.tightest(jvm, cgroup, maxMemoryBytes);
            List<DiskSpace> disks = new ArrayList<>(diskPaths.size());
            List<String> diskProblems = new ArrayList<>();
            for (Path path : diskPaths) {
                measure(path, disks, diskProblems);
            }
            PressureLevel thermalFloor = throttle.isAvailable() && throttle.value().limitedNow()
                    ? PressureLevel.WARNING : PressureLevel.NORMAL;
            SystemSnapshot previous = latest;
            SystemSnapshot s = new SystemSnapshot(now, firmware.model(), temperature, throttle, cpu.frequencyHz(), load,
                    systemMemory, cgroup, memory.stall(), jvm, budget, disks, diskProblems,
                    memoryLevel.update(budget.usedFraction(), PressureLevel.NORMAL, nowNanos),
                    thermalLevel.update(temperature.isAvailable() ? temperature.value() : Double.NaN, thermalFloor, nowNanos));
            latest = s;
            if (previous != null) {
                announce(PressureListener.Resource.MEMORY, previous.memoryLevel(), s.memoryLevel(), s);
                announce(PressureListener.Resource.THERMAL, previous.thermalLevel(), s.thermalLevel(), s);
            }
            return s;
        } finally {
            sampling.unlock();
        }
    }

    /** The file store of each disk path, found once: Files.getFileStore reads the whole mount table. */
    private void measure(Path path, List<DiskSpace> disks, List<String> problems) {
        try {
            FileStore store = fileStores.get(path);
            if (store == null) {
                store = Files.getFileStore(path);
                fileStores.put(path, store);
            }
            disks.add(new DiskSpace(path, store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException | SecurityException e) {
            fileStores.remove(path);
            problems.add(SysFs.unreadable(path.toString(), e));
        }
    }

    private void announce(PressureListener.Resource resource, PressureLevel from, PressureLevel to, SystemSnapshot s) {
        if (from == to) {
            return;
        }
        for (PressureListener listener : listeners) {
            try {
                listener.onChange(resource, from, to, s);
            } catch (RuntimeException e) {
                LOG.warn("pressure listener failed on {} {} -> {}", resource, from, to, e);
            }
        }
        if (resource == PressureListener.Resource.MEMORY && to == PressureLevel.CRITICAL) {
            for (Runnable hook : criticalMemoryHooks) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    LOG.warn("critical-memory hook failed", e);
                }
            }
            if (gcOnCriticalMemory) {
                System.gc();
            }
        }
    }
}
