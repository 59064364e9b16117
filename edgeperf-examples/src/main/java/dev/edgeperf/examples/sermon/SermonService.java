package dev.edgeperf.examples.sermon;

import dev.edgeperf.examples.sermon.http.AdminHandler;
import dev.edgeperf.examples.sermon.http.Auth;
import dev.edgeperf.examples.sermon.http.CheckHandler;
import dev.edgeperf.examples.sermon.http.DownloadTickets;
import dev.edgeperf.examples.sermon.http.FilesHandler;
import dev.edgeperf.examples.sermon.http.PageHandler;
import dev.edgeperf.examples.sermon.http.Router;
import dev.edgeperf.examples.sermon.http.StatusHandler;
import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.http.WebServer;
import dev.edgeperf.examples.sermon.library.DiskOutlook;
import dev.edgeperf.examples.sermon.library.SermonLibrary;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.examples.sermon.notify.DiscordNotifier;
import dev.edgeperf.examples.sermon.s3.Bucket;
import dev.edgeperf.examples.sermon.s3.KeptCopies;
import dev.edgeperf.examples.sermon.s3.Outbox;
import dev.edgeperf.examples.sermon.s3.PartsInFlight;
import dev.edgeperf.examples.sermon.s3.S3Sermons;
import dev.edgeperf.examples.sermon.s3.S3Settings;
import dev.edgeperf.examples.sermon.s3.StoreProblem;
import dev.edgeperf.examples.sermon.s3.StoreTiming;
import dev.edgeperf.examples.sermon.tus.TusService;
import dev.edgeperf.examples.sermon.tus.TusStore;
import dev.edgeperf.examples.sermon.upload.Finisher;
import dev.edgeperf.examples.sermon.upload.UploadGate;
import dev.edgeperf.examples.sermon.upload.UploadListener;
import dev.edgeperf.examples.sermon.upload.UploadMetrics;
import dev.edgeperf.io.StreamingCopier;
import dev.edgeperf.monitor.SystemMonitor;
import dev.edgeperf.monitor.SystemMonitorBuilder;
import dev.edgeperf.monitor.Thresholds;
import dev.edgeperf.monitor.metrics.MonitorMetrics;
import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.pools.metrics.BufferPoolMetrics;
import dev.edgeperf.pools.metrics.WorkerPoolMetrics;
import dev.edgeperf.resilience.BreakerPresets;
import dev.edgeperf.resilience.KeyedRateLimiter;
import dev.edgeperf.resilience.Resilient;
import dev.edgeperf.resilience.metrics.ResilienceMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sermon upload service, assembled: the monitor, pools, stores and handlers, served by embedded Jetty
 * 12. {@link #start} returns once it accepts requests; {@link #stop} shuts it down gracefully (new requests
 * get 503, running ones may finish within {@code SHUTDOWN_TIMEOUT}, upload state is already on disk).
 * Thread-safe; one instance per data directory.
 */
public final class SermonService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SermonService.class);

    private final Config config;
    private final SystemMonitor monitor;
    private final BufferPool buffers;
    private final WorkerPool workers;
    private final TusService tus;
    private final Auth auth;
    private final boolean tokenGenerated;
    private final WebServer server;
    private final ScheduledExecutorService sweeper;
    /** Runs the background flushes of uploads' files (see TusStore). */
    private final ExecutorService writeBehind;
    private final Sermons sermons;

    /** Failed authentications a client address may make per minute (and at once) before it gets 429. */
    private static final int AUTH_FAILURES_PER_MINUTE = 10;

    /** Builds and starts everything, recording each running component in {@code started} as it comes up. */
    private SermonService(Config config, Clock clock, StoreTiming timing, Started started) throws Exception {
        this.config = config;
        Path data = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(data);
        SecureRandom random = new SecureRandom();
        boolean hadToken = config.uploadToken().isPresent() || Files.exists(data.resolve(Auth.TOKEN_FILE));
        this.auth = config.authEnabled() ? Auth.load(config.uploadToken(), data, random) : Auth.disabled();
        this.tokenGenerated = auth.enabled() && !hadToken;
        this.monitor = monitor(config, data);
        started.add(monitor, monitor::close);
        this.buffers = BufferPool.heap().name("uploads").build();
        started.add(buffers, buffers::close);
        this.workers = WorkerPool.builder().name("sermon-post").workers(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .limit(monitor.thermalAdvice()).build();
        started.add(workers, workers::close);
        monitor.addListener((resource, from, to, snapshot) -> workers.limitChanged());

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Router.capTags(registry);
        for (var binder : List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new BufferPoolMetrics(buffers),
                new WorkerPoolMetrics(workers), new MonitorMetrics(monitor))) {
            binder.bindTo(registry);
        }
        UploadMetrics metrics = new UploadMetrics(registry);

        CircuitBreakerConfig storeBreaker = CircuitBreakerConfig.from(timing.breaker())
                .slowCallDurationThreshold(config.s3Limits().slowCall()).build();
        Optional<Resilient> storeCalls = config.s3().map(s3 -> Resilient.builder("object-store")
                .circuitBreaker(storeBreaker).backoff(timing.backoff()).maxAttempts(4).build());
        Optional<Resilient> storeReads = config.s3().map(s3 -> Resilient.builder("object-store-reads")
                .circuitBreaker(storeBreaker).backoff(timing.backoff()).maxAttempts(2).build());
        Optional<Resilient> webhookCalls = config.discordWebhook().map(url -> Resilient.builder("discord")
                .circuitBreaker(BreakerPresets.webhook()).maxAttempts(4).build());
        List<Resilient> dependencies = new ArrayList<>();
        storeCalls.ifPresent(dependencies::add);
        storeReads.ifPresent(dependencies::add);
        webhookCalls.ifPresent(dependencies::add);
        new ResilienceMetrics(dependencies, List.of()).bindTo(registry);
        int cores = Runtime.getRuntime().availableProcessors();
        PartsInFlight partsInFlight = new PartsInFlight(config.s3Limits().partsInFlight(),
                () -> monitor.snapshot().memoryLevel(), monitor.thermalAdvice(), cores);
        this.sermons = sermons(config, data, clock, storeCalls, storeReads, timing.outboxRetry(), partsInFlight);
        if (sermons instanceof S3Sermons s3) {
            started.add(s3, s3::close);
            Gauge.builder("sermon.outbox.files", s3.outbox(), Outbox::waitingCount)
                    .description("Sermons on local disk waiting for the object store").register(registry);
            FunctionCounter.builder("sermon.outbox.shipped", s3.outbox(), Outbox::shippedCount)
                    .description("Sermons the object store has confirmed").register(registry);
            FunctionCounter.builder("sermon.retention.deleted", s3.kept(), KeptCopies::deletedExpired).tag("reason", "expired")
                    .description("Local copies of shipped sermons deleted by LOCAL_RETENTION").register(registry);
            FunctionCounter.builder("sermon.retention.deleted", s3.kept(), KeptCopies::deletedForSpace).tag("reason", "space")
                    .description("Local copies of shipped sermons deleted by LOCAL_RETENTION").register(registry);
            for (StoreProblem.Kind kind : StoreProblem.Kind.values()) {
                Gauge.builder("sermon.outbox.problem", s3.outbox(), o -> o.problem().filter(p -> p.kind() == kind).isPresent()
                        ? 1 : 0).tag("kind", kind.label())
                        .description("1 while this problem, which only the operator can fix, stops shipping").register(registry);
            }
        }
        UploadGate gate = new UploadGate(config.maxConcurrentUploads(), config.maxUploadsPerClient(),
                config.idleTimeout().multipliedBy(2), monitor.memoryGuard(), 2L * config.ioBufferSize(),
                () -> usableSpace(data), config.diskReserveBytes(), config.maxUploadSize(), System::nanoTime);
        Gauge.builder("sermon.uploads.active", gate, UploadGate::active).description("Uploads holding a place")
                .register(registry);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("sermon-sweeper"));
        started.add(sweeper, () -> {
            sweeper.shutdownNow();
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        });
        UploadListener listener = config.discordWebhook().<UploadListener>map(url -> new DiscordNotifier(url, workers, sweeper,
                webhookCalls.orElseThrow(), HttpClient.newHttpClient(), DiscordNotifier.BATCH_WINDOW, clock))
                .orElse(UploadListener.NONE);
        Finisher finisher = new Finisher(sermons, workers, metrics, listener);
        // Not shutdownNow: an interrupt would close the file a flush runs on. Closed after the uploads' files.
        this.writeBehind = Executors.newSingleThreadExecutor(daemon("sermon-write-behind"));
        started.add(writeBehind, () -> {
            writeBehind.shutdown();
            writeBehind.awaitTermination(10, TimeUnit.SECONDS);
        });
        this.tus = new TusService(new TusStore(data, writeBehind), sermons, finisher, gate, metrics, clock,
                config.uploadExpiration(), config.maxUploadSize(), config.wavOnly(), random);
        started.add(tus, tus::close);
        List<String> unfinished = tus.open();
        UploadHandler uploads = new UploadHandler(data.resolve("incoming"), finisher, gate,
                StreamingCopier.builder().bufferPool(buffers).chunkSize(config.ioBufferSize()).build(), buffers,
                config.maxUploadSize(), config.wavOnly(), random, metrics);
        uploads.open();

        this.server = new WebServer(new WebServer.Settings(config.bindAddress(), config.port(), config.idleTimeout(),
                config.shutdownTimeout(), config.maxConnections(), config.maxRequestRate(), config.minDataRate(),
                config.trustedProxies(), config.maxConcurrentUploads()));
        DownloadTickets tickets = new DownloadTickets(System::nanoTime);
        FilesHandler files = new FilesHandler(sermons, server.byteBufferPool(), buffers, tickets);
        StatusHandler status = new StatusHandler(monitor, gate, tus, workers, buffers, registry, auth, sermons,
                new DiskOutlook(config.diskWarningFree(), config.diskCriticalFree(), sermons::list, clock, sweeper));
        int perToken = TusHandler.TOKEN_SHARE * config.maxCreatesPerMinute();
        TusHandler tusHandler = new TusHandler(tus, config.maxUploadSize(), KeyedRateLimiter.builder("tus-creates")
                .permitsPerSecond(config.maxCreatesPerMinute() / 60.0).burst(config.maxCreatesPerMinute())
                .build(String.class), auth.enabled() ? KeyedRateLimiter.builder("tus-creates-per-token")
                        .permitsPerSecond(perToken / 60.0).burst(perToken).build(String.class) : null);
        CheckHandler check = new CheckHandler(sermons);
        AdminHandler admin = new AdminHandler(sermons, registry);
        PageHandler page = new PageHandler();
        KeyedRateLimiter<String> authFailures = KeyedRateLimiter.builder("failed-authentication")
                .permitsPerSecond(AUTH_FAILURES_PER_MINUTE / 60.0).burst(AUTH_FAILURES_PER_MINUTE).build(String.class);
        Router router = new Router(auth, config.readPublic(), config.allowedHosts(), config.trustedProxies(), authFailures,
                tickets, registry,
                config.slowRequest(), System::nanoTime)
                .open("GET", "/", "page", page::index)
                .openUnder("GET", "/static/", "page_file", page::file)
                .open("GET", "/health", "health", status::health)
                .read("GET", "/api/health/detailed", "health_detailed", status::detailed)
                .read("GET", "/api/memory/status", "memory_status", status::memoryStatus)
                .read("GET", "/api/stats/pools", "pool_stats", status::pools)
                .read("GET", "/api/metrics", "metrics", status::metrics)
                .read("GET", FilesHandler.PATH, "files", files::list)
                .downloadsUnder("GET", FilesHandler.PATH + "/", "file", files::download)
                .downloadsUnder("HEAD", FilesHandler.PATH + "/", "file", files::download)
                .readUnder("POST", FilesHandler.TICKET_PATH, "ticket", files::ticket)
                .adminUnder("DELETE", FilesHandler.PATH + "/", "file_delete", admin::delete)
                .adminUnder("PATCH", FilesHandler.PATH + "/", "file_change", admin::change)
                .anyToken("GET", "/api/me", "me", admin::me)
                .upload("POST", CheckHandler.PATH, "check", check::check)
                .longReadUnder("POST", FilesHandler.VERIFY_PATH, "verify", files::verify)
                .upload("POST", UploadHandler.POST_PATH, "upload_multipart", uploads::multipart)
                .longUploadUnder("PUT", UploadHandler.PUT_PATH, "upload_put", uploads::put)
                .longUploadUnder("*", TusHandler.PATH, "tus", tusHandler);
        started.add(server, server::stop);
        server.start(router);
        Exposure.warnings(config).forEach(LOG::warn);

        // Recoveries are queued first, so the single sweeper thread finishes them before its first sweep.
        for (String id : unfinished) {
            sweeper.execute(() -> tus.recover(id));
        }
        long sweepMillis = Math.min(config.uploadExpiration().toMillis() / 4, Duration.ofHours(1).toMillis());
        var unused = sweeper.scheduleWithFixedDelay(this::sweep, 0, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** The local library, or with {@code S3_ENDPOINT} the bucket with the local library as its outbox. */
    private static Sermons sermons(Config config, Path data, Clock clock, Optional<Resilient> storeCalls,
            Optional<Resilient> storeReads, Duration outboxRetry, PartsInFlight partsInFlight) throws IOException {
        if (config.s3().isEmpty()) {
            SermonLibrary library = new SermonLibrary(data, clock);
            library.open();
            return library;
        }
        S3Settings s3 = config.s3().get();
        LOG.info("storage: bucket {} at {}, local outbox in {}", s3.bucket(), s3.endpoint(), data);
        Bucket bucket = new Bucket(s3, storeCalls.orElseThrow(), storeReads.orElseThrow(), clock, data.resolve("outbox"),
                partsInFlight, config.s3Limits().maxBytesPerSecond());
        S3Sermons sermons = new S3Sermons(data, clock, bucket, outboxRetry,
                new KeptCopies(data, config.localRetention(), () -> usableSpace(data), clock));
        sermons.open();
        return sermons;
    }

    private static SystemMonitor monitor(Config config, Path data) {
        double w = config.memoryPressureThreshold();
        double t = config.thermalThresholdC();
        SystemMonitorBuilder b = SystemMonitor.builder().root(config.monitorRoot()).diskPaths(data)
                .minFreeDiskBytes(config.diskReserveBytes())
                .memoryThresholds(new Thresholds(w, w + (1 - w) * 0.75, 0.05, Duration.ofSeconds(10)))
                .temperatureThresholds(new Thresholds(t, t + 5, 5, Duration.ofSeconds(30)));
        config.maxMemoryBytes().ifPresent(b::maxMemoryBytes);
        return b.build().start();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static long usableSpace(Path data) {
        try {
            return Files.getFileStore(data).getUsableSpace();
        } catch (IOException e) {
            LOG.warn("cannot read free space of {}: {}", data, e.toString());
            return 0;
        }
    }

    private void sweep() {
        try {
            int removed = tus.expire();
            if (removed > 0) {
                LOG.info("expired uploads removed={}", removed);
            }
        } catch (RuntimeException e) {
            LOG.error("sweeping expired uploads failed", e);
        }
    }

    /**
     * Builds and starts the service on {@code config}.
     *
     * @throws IOException if the data directory cannot be prepared
     * @throws Exception if Jetty cannot start (the port is taken, say)
     */
    public static SermonService start(Config config) throws Exception {
        return start(config, Clock.systemUTC(), StoreTiming.DEFAULT);
    }

    public static SermonService start(Config config, Clock clock) throws Exception {
        return start(config, clock, StoreTiming.DEFAULT);
    }

    /**
     * Starts the components in order; if a step fails (the port is taken, say), the ones already running
     * are closed in reverse before the failure is thrown, so no thread of the service is left behind.
     */
    public static SermonService start(Config config, Clock clock, StoreTiming timing) throws Exception {
        Started started = new Started();
        try {
            return new SermonService(config, clock, timing, started);
        } catch (Exception | Error e) {
            started.closeAll(e);
            throw e;
        }
    }

    /** The port the service listens on (the configured one, or the one chosen for port 0). */
    public int port() {
        return server.port();
    }

    /** The base URL, on loopback when listening on every interface. */
    public URI uri() {
        String host = config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::") ? "localhost"
                : config.bindAddress();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The file holding the upload token, when the token is not from {@code UPLOAD_TOKEN} and auth is on. */
    public Optional<Path> tokenFile() {
        return auth.enabled() && config.uploadToken().isEmpty()
                ? Optional.of(config.dataDir().toAbsolutePath().normalize().resolve(Auth.TOKEN_FILE)) : Optional.empty();
    }

    /** Whether requests need a token ({@code AUTH} is not {@code none}). */
    public boolean authEnabled() {
        return auth.enabled();
    }

    /** Whether the token was generated by this start (and so should be shown to the person starting it). */
    public boolean tokenGenerated() {
        return tokenGenerated;
    }

    public SystemMonitor monitor() {
        return monitor;
    }

    public TusService tus() {
        return tus;
    }

    public Sermons sermons() {
        return sermons;
    }

    /**
     * Stops gracefully: new requests are refused, running ones get up to {@code SHUTDOWN_TIMEOUT}, then
     * everything is closed. Upload state is saved after every acknowledged PATCH, so nothing acknowledged is
     * lost even if requests are cut off. Idempotent.
     */
    public void stop() {
        if (server.isStopped()) {
            return;
        }
        LOG.info("stopping: refusing new requests, waiting up to {} for running ones", config.shutdownTimeout());
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server failed", e);
        }
        sweeper.shutdownNow();
        if (sermons instanceof S3Sermons s3) {
            s3.close();
        }
        workers.shutdown(config.shutdownTimeout());
        tus.close();
        writeBehind.shutdown();
        monitor.close();
        buffers.close();
        LOG.info("stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
