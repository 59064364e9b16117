package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.examples.sermon.tus.TusService;
import dev.edgeperf.examples.sermon.upload.UploadGate;
import dev.edgeperf.examples.sermon.library.DiskOutlook;
import dev.edgeperf.monitor.ComponentHealth;
import dev.edgeperf.monitor.DiskSpace;
import dev.edgeperf.monitor.HealthReport;
import dev.edgeperf.monitor.HealthStatus;
import dev.edgeperf.monitor.PressureLevel;
import dev.edgeperf.monitor.Reading;
import dev.edgeperf.monitor.SystemMonitor;
import dev.edgeperf.monitor.SystemSnapshot;
import dev.edgeperf.monitor.ThrottleFlags;
import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.WorkerPool;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The observability endpoints: {@code /health} (liveness, with memory), {@code /api/health/detailed} (the
 * monitor's report plus storage, worker pool and uploads; 503 when DOWN), {@code /api/memory/status} (the
 * seeds' shape with recommendations), {@code /api/stats/pools} and {@code /api/metrics} (Prometheus text).
 * All read the monitor's latest snapshot; none samples or blocks. Thread-safe.
 */
public final class StatusHandler {
    private static final double MIB = 1 << 20;

    private final SystemMonitor monitor;
    private final UploadGate gate;
    private final TusService tus;
    private final WorkerPool workers;
    private final BufferPool buffers;
    private final PrometheusMeterRegistry registry;
    private final Auth auth;
    private final Sermons sermons;
    private final DiskOutlook disk;

    public StatusHandler(SystemMonitor monitor, UploadGate gate, TusService tus, WorkerPool workers, BufferPool buffers,
            PrometheusMeterRegistry registry, Auth auth, Sermons sermons, DiskOutlook disk) {
        this.disk = disk;
        this.monitor = monitor;
        this.gate = gate;
        this.tus = tus;
        this.workers = workers;
        this.buffers = buffers;
        this.registry = registry;
        this.auth = auth;
        this.sermons = sermons;
    }

    public void health(Exchange x) {
        SystemSnapshot s = monitor.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        HealthStatus status = report().status();
        body.put("status", switch (status) {
            case UP -> "healthy";
            case DEGRADED -> "degraded";
            case DOWN -> "unhealthy";
        });
        body.put("service", "sermon-uploader");
        body.put("memory", Map.of("alloc_mb", mb(s.jvmMemory().heapUsedBytes()), "used_mb", mb(s.memory().usedBytes()),
                "limit_mb", mb(s.memory().limitBytes()), "pressure_level", level(s.memoryLevel())));
        if (!auth.enabled()) {
            body.put("warning", "authentication is off (AUTH=none): anyone who can reach this service can upload");
        }
        x.sendJson(200, body);
    }

    private HealthReport report() {
        // The monitor names a disk by its path; the service has one, the data directory, and shows no paths. Its
        // verdict (DISK_RESERVE) stands; the outlook adds the share thresholds and the days left.
        List<DiskSpace> measured = monitor.snapshot().disks();
        HealthReport r = HealthReport.of(monitor.health().components().stream().map(c -> !c.name().startsWith("disk:") ? c
                : measured.isEmpty() ? new ComponentHealth("disk:DATA_DIR", c.status(), c.reason())
                : outlook(c, disk.judge("disk:DATA_DIR", measured.get(0)))).toList());
        var stats = workers.stats();
        r = r.with(new ComponentHealth("workers", workers.isShutdown() ? HealthStatus.DOWN : HealthStatus.UP,
                stats.queued() + " queued, limit " + stats.limit()));
        r = r.with(sermons.health());
        return r.with(new ComponentHealth("auth", auth.enabled() ? HealthStatus.UP : HealthStatus.DEGRADED,
                auth.enabled() ? "bearer token required for uploads" : "AUTH=none: uploads need no token"));
    }

    private static ComponentHealth outlook(ComponentHealth reserve, ComponentHealth outlook) {
        return new ComponentHealth(outlook.name(), reserve.status().max(outlook.status()), reserve.status() == HealthStatus.UP
                ? outlook.reason() : reserve.reason() + "; " + outlook.reason());
    }

    public void detailed(Exchange x) {
        SystemSnapshot s = monitor.snapshot();
        HealthReport report = report();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status());
        body.put("components", report.components());
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("board", value(s.boardModel()));
        system.put("temperature_c", value(s.temperatureC()));
        system.put("thermal_level", level(s.thermalLevel()));
        system.put("throttling", s.throttle().isAvailable() ? s.throttle().value().describeNow() : null);
        system.put("cpu_load", value(s.cpuLoad()));
        system.put("memory_level", level(s.memoryLevel()));
        system.put("memory_used_bytes", s.memory().usedBytes());
        system.put("memory_limit_bytes", s.memory().limitBytes());
        system.put("memory_limited_by", s.memory().limitedBy());
        system.put("sampled_at", s.takenAt().toString());
        body.put("system", system);
        body.put("uploads", Map.of("active", gate.active(), "max_concurrent", gate.capacity(), "max_per_client",
                gate.perClient(), "unfinished_tus", tus.running(), "waiting_reason", waitingReason(s)));
        Map<String, Object> storage = new LinkedHashMap<>(sermons.describe());
        // Free space without the disks' paths: health is no place to map the Pi's file system.
        storage.put("disks", s.disks().stream().map(d -> Map.of("usable_bytes", d.usableBytes(), "total_bytes",
                d.totalBytes())).toList());
        body.put("storage", storage);
        body.put("workers", workers.stats());
        x.sendJson(report.status() == HealthStatus.DOWN ? 503 : 200, body);
    }

    /** Why a new upload would wait or be refused now, in words for the upload page; empty if it would not. */
    private String waitingReason(SystemSnapshot s) {
        if (s.memoryLevel() == PressureLevel.CRITICAL) {
            return "memory is critically low; new uploads are refused until it recovers";
        }
        if (s.thermalLevel() != PressureLevel.NORMAL) {
            return "the Pi is hot (" + value(s.temperatureC()) + " °C); uploads continue, processing slows down";
        }
        if (gate.active() >= gate.capacity()) {
            return gate.active() + " uploads are running, the most allowed; others wait their turn";
        }
        return "";
    }

    public void memoryStatus(Exchange x) {
        SystemSnapshot s = monitor.snapshot();
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("alloc_mb", mb(s.jvmMemory().heapUsedBytes()));
        current.put("heap_max_mb", mb(s.jvmMemory().heapMaxBytes()));
        current.put("direct_mb", mb(s.jvmMemory().directUsedBytes()));
        current.put("used_mb", mb(s.memory().usedBytes()));
        current.put("limit_mb", mb(s.memory().limitBytes()));
        current.put("limited_by", s.memory().limitedBy());
        current.put("usage_percent", String.format(Locale.ROOT, "%.1f", 100 * s.memory().usedFraction()));
        current.put("pressure_level", level(s.memoryLevel()));
        current.put("reserved_mb", mb(monitor.memoryGuard().reservedBytes()));
        current.put("admission_rejections", monitor.memoryGuard().rejections());
        x.sendJson(200, Map.of("success", true, "memory", Map.of("current_stats", current,
                "recommendations", recommendations(s))));
    }

    private List<String> recommendations(SystemSnapshot s) {
        List<String> r = new ArrayList<>();
        switch (s.memoryLevel()) {
            case CRITICAL -> r.add("Memory is critical: new uploads are refused with 507 until it recovers;"
                    + " lower MAX_CONCURRENT_UPLOADS or give the service more memory");
            case WARNING -> r.add("Memory is high: avoid starting many uploads at once");
            default -> r.add("Memory usage is healthy");
        }
        if (s.memory().limitedBy().contains("heap") && s.jvmMemory().heapMaxBytes() < (64L << 20)) {
            r.add("The heap maximum is under 64 MiB; -Xmx64m or more is recommended");
        }
        return r;
    }

    public void pools(Exchange x) {
        x.sendJson(200, Map.of("buffers", buffers.stats(), "workers", workers.stats()));
    }

    public void metrics(Exchange x) {
        x.send(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable Object value(Reading<?> r) {
        return r.isAvailable() ? r.value() : null;
    }

    private static String level(PressureLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / MIB);
    }
}
