package dev.edgeperf.examples.sermon;

import dev.edgeperf.examples.sermon.http.HostNames;
import dev.edgeperf.examples.sermon.http.TrustedProxies;
import dev.edgeperf.examples.sermon.s3.KeptCopies;
import dev.edgeperf.examples.sermon.s3.S3Settings;
import dev.edgeperf.examples.sermon.s3.ShippingLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service's settings, from environment variables with the seeds' names, each overridable by a
 * {@code --flag} (the variable's name in lower case with dashes: {@code PORT} → {@code --port=8000}).
 * Immutable. {@link #parse} rejects every bad value with a {@link ConfigException} naming the variable,
 * the value and what is allowed; nothing is silently clamped.
 *
 * @param bindAddress {@code BIND_ADDRESS}, the interface to listen on (default all)
 * @param port {@code PORT}, 0 for any free port (default 8000)
 * @param dataDir {@code DATA_DIR} (default {@code ./data})
 * @param maxUploadSize {@code MAX_UPLOAD_SIZE} in bytes, with an optional K/M/G/T suffix (default 8G)
 * @param maxConcurrentUploads {@code MAX_CONCURRENT_UPLOADS}, 1–64 (default 2); the HTTP server has 22 threads more
 * @param ioBufferSize {@code IO_BUFFER_SIZE}, the copy chunk of a plain PUT upload in bytes, 4K–4M (default 256K)
 * @param maxMemoryBytes {@code MAX_MEMORY_MB}, the service's own memory limit, empty for none
 * @param memoryPressureThreshold {@code MEMORY_PRESSURE_THRESHOLD}, the warning share of the memory
 *     limit, 0.5–0.95 (default 0.8)
 * @param thermalThresholdC {@code THERMAL_THRESHOLD_C}, the warning temperature, 40–90 (default 75)
 * @param uploadToken {@code UPLOAD_TOKEN}, empty to use the stored or a generated one
 * @param authEnabled false when {@code AUTH=none}
 * @param uploadExpiration {@code UPLOAD_EXPIRATION}: how long an unfinished upload is kept after its
 *     last byte (default 24h)
 * @param diskReserveBytes {@code DISK_RESERVE}: free space never promised to uploads (default 512M)
 * @param idleTimeout {@code IDLE_TIMEOUT}: a connection silent this long is closed (default 30s)
 * @param shutdownTimeout {@code SHUTDOWN_TIMEOUT}: how long running requests may finish at SIGTERM
 *     (default 30s)
 * @param slowRequest {@code SLOW_REQUEST}: non-upload requests slower than this are logged (default 1s)
 * @param wavOnly false when {@code ALLOWED_FORMATS=any}
 * @param monitorRoot {@code MONITOR_ROOT}: where {@code /proc} and {@code /sys} are read (default {@code /};
 *     for containers that mount the host's, and for tests)
 * @param discordWebhook {@code DISCORD_WEBHOOK_URL}, an http(s) URL; empty for no notifications. A secret:
 *     never printed, not even in the error about a bad value
 * @param s3 the object store, when {@code S3_ENDPOINT} is set; empty to keep sermons under {@code DATA_DIR}
 * @param s3Limits how hard shipping to the object store may push the uplink
 * @param readPublic true when {@code READ_ACCESS=public}: listings, downloads, detailed health and metrics
 *     need no token (by default, {@code token}, they do: recordings can hold pastoral content)
 * @param allowedHosts {@code ALLOWED_HOSTS}: extra names the service answers to in {@code Host} (besides IP
 *     literals, {@code localhost} and this machine's name), against DNS rebinding; {@code *} for any
 * @param maxUploadsPerClient {@code MAX_UPLOADS_PER_CLIENT}: places one client address may hold, 1–64
 *     (default one less than {@code MAX_CONCURRENT_UPLOADS}, at least 1, so one client never holds them all)
 * @param minDataRate {@code MIN_DATA_RATE}: bytes per second a request body must arrive at, and a response
 *     be taken at, or the request fails (default 4K; 0 turns it off): a client trickling a byte every 25 s
 *     no longer holds an upload place or a buffer for ever
 * @param maxConnections {@code MAX_CONNECTIONS}: open connections at most, 8–10000 (default 200); more wait
 *     to be accepted
 * @param maxRequestRate {@code MAX_REQUEST_RATE}: requests per second one client address may make on average,
 *     1–100000 (default 100); beyond it, 429
 * @param maxCreatesPerMinute {@code MAX_CREATES_PER_MINUTE}: tus uploads one client address may create per
 *     minute, and at once, 1–100000 (default 60; the page creates one per file); all holders of the token
 *     together, four times that
 * @param diskWarningFree {@code DISK_WARNING_FREE}: below this share of the data disk free, health is DEGRADED
 *     (default 20%)
 * @param diskCriticalFree {@code DISK_CRITICAL_FREE}: below this share free, DOWN (default 10%); at most the
 *     warning share
 * @param localRetention with S3 storage, {@code LOCAL_RETENTION} (how long shipped sermons stay on the Pi, default
 *     0: deleted once shipped) and {@code LOCAL_RETENTION_MIN_FREE} (below this free space the oldest copies go,
 *     default 4G)
 * @param trustedProxies {@code TRUSTED_PROXIES}: reverse proxies (addresses or CIDR ranges) whose
 *     {@code X-Forwarded-For} names the client, for per-client limits and logs (default none: the header is
 *     ignored)
 */
public record Config(
        String bindAddress,
        int port,
        Path dataDir,
        long maxUploadSize,
        int maxConcurrentUploads,
        int ioBufferSize,
        Optional<Long> maxMemoryBytes,
        double memoryPressureThreshold,
        double thermalThresholdC,
        Optional<String> uploadToken,
        boolean authEnabled,
        Duration uploadExpiration,
        long diskReserveBytes,
        Duration idleTimeout,
        Duration shutdownTimeout,
        Duration slowRequest,
        boolean wavOnly,
        Path monitorRoot,
        Optional<URI> discordWebhook,
        Optional<S3Settings> s3,
        ShippingLimits s3Limits,
        boolean readPublic,
        HostNames allowedHosts,
        int maxUploadsPerClient,
        long minDataRate,
        int maxConnections,
        int maxRequestRate,
        int maxCreatesPerMinute,
        double diskWarningFree,
        double diskCriticalFree,
        KeptCopies.Policy localRetention,
        TrustedProxies trustedProxies) {

    /** Settings that are secrets: refused as flags, which every local user can read in {@code ps}. */
    private static final Set<String> SECRETS = Set.of("UPLOAD_TOKEN", "S3_SECRET_KEY", "DISCORD_WEBHOOK_URL");

    /** The names the object store's settings had when the store was assumed to be MinIO; still read. */
    static final Map<String, String> ALIASES = Map.of("MINIO_ENDPOINT", "S3_ENDPOINT", "MINIO_ACCESS_KEY", "S3_ACCESS_KEY",
            "MINIO_SECRET_KEY", "S3_SECRET_KEY", "MINIO_BUCKET", "S3_BUCKET", "MINIO_SECURE", "S3_SECURE");

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~-]{16,256}");

    /** Every setting, in the order {@code --help} lists them, with its default. */
    static final Map<String, String> DEFAULTS = defaultValues();

    private static Map<String, String> defaultValues() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("BIND_ADDRESS", "0.0.0.0");
        d.put("PORT", "8000");
        d.put("DATA_DIR", "./data");
        d.put("MAX_UPLOAD_SIZE", "8G");
        d.put("MAX_CONCURRENT_UPLOADS", "2");
        d.put("IO_BUFFER_SIZE", "256K");
        d.put("MAX_MEMORY_MB", "");
        d.put("MEMORY_PRESSURE_THRESHOLD", "0.8");
        d.put("THERMAL_THRESHOLD_C", "75");
        d.put("UPLOAD_TOKEN", "");
        d.put("AUTH", "token");
        d.put("UPLOAD_EXPIRATION", "24h");
        d.put("DISK_RESERVE", "512M");
        d.put("IDLE_TIMEOUT", "30s");
        d.put("SHUTDOWN_TIMEOUT", "30s");
        d.put("SLOW_REQUEST", "1s");
        d.put("ALLOWED_FORMATS", "wav");
        d.put("MONITOR_ROOT", "/");
        d.put("DISCORD_WEBHOOK_URL", "");
        d.put("S3_ENDPOINT", "");
        d.put("S3_ACCESS_KEY", "");
        d.put("S3_SECRET_KEY", "");
        d.put("S3_BUCKET", "sermons");
        d.put("S3_SECURE", "true");
        d.put("S3_REGION", S3Settings.DEFAULT_REGION);
        d.put("S3_ADDRESSING", "auto");
        d.put("S3_CREATE_BUCKET", "true");
        d.put("S3_PARTS_IN_FLIGHT", "4");
        d.put("S3_MAX_RATE", "0");
        d.put("S3_SLOW_CALL", "2m");
        d.put("READ_ACCESS", "token");
        d.put("ALLOWED_HOSTS", "");
        d.put("MAX_UPLOADS_PER_CLIENT", "");
        d.put("MIN_DATA_RATE", "4K");
        d.put("MAX_CONNECTIONS", "200");
        d.put("MAX_REQUEST_RATE", "100");
        d.put("MAX_CREATES_PER_MINUTE", "60");
        d.put("DISK_WARNING_FREE", "20%");
        d.put("DISK_CRITICAL_FREE", "10%");
        d.put("LOCAL_RETENTION", "0d");
        d.put("LOCAL_RETENTION_MIN_FREE", "4G");
        d.put("TRUSTED_PROXIES", "");
        return Collections.unmodifiableMap(d);
    }

    /** The defaults, as if nothing were set. */
    public static Config defaults() {
        try {
            return parse(Map.of(), new String[0]);
        } catch (ConfigException e) {
            throw new IllegalStateException("the defaults are invalid", e);
        }
    }

    /**
     * Reads the settings from {@code env}, then lets {@code args} ({@code --name=value} or
     * {@code --name value}) override them.
     *
     * @throws ConfigException naming the first bad variable, its value and what is allowed
     */
    public static Config parse(Map<String, String> env, String[] args) throws ConfigException {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        ALIASES.forEach((alias, name) -> {
            String value = env.get(alias);
            if (value != null && !env.containsKey(name)) {
                v.put(name, value.trim());
            }
        });
        for (String name : DEFAULTS.keySet()) {
            String value = env.get(name);
            if (value != null) {
                v.put(name, value.trim());
            }
        }
        applyFlags(args, v);
        String auth = ConfigValues.oneOf(v, "AUTH", "token", "none");
        String formats = ConfigValues.oneOf(v, "ALLOWED_FORMATS", "wav", "any");
        String token = ConfigValues.value(v, "UPLOAD_TOKEN");
        if (!token.isEmpty() && !TOKEN.matcher(token).matches()) {
            throw new ConfigException("UPLOAD_TOKEN has " + token.length()
                    + " characters: allowed 16-256 of A-Z a-z 0-9 . _ ~ -");
        }
        String maxMemory = ConfigValues.value(v, "MAX_MEMORY_MB");
        boolean secure = ConfigValues.oneOf(v, "S3_SECURE", "false", "true").equals("true");
        boolean createBucket = ConfigValues.oneOf(v, "S3_CREATE_BUCKET", "false", "true").equals("true");
        int maxConcurrent = (int) ConfigValues.integer(v, "MAX_CONCURRENT_UPLOADS", 1, 64);
        double warningFree = ConfigValues.percent(v, "DISK_WARNING_FREE");
        double criticalFree = ConfigValues.percent(v, "DISK_CRITICAL_FREE");
        if (criticalFree > warningFree) {
            throw new ConfigException("DISK_CRITICAL_FREE=" + ConfigValues.value(v, "DISK_CRITICAL_FREE") + " is not"
                    + " allowed: allowed at most DISK_WARNING_FREE (" + ConfigValues.value(v, "DISK_WARNING_FREE") + ")");
        }
        int perClient = ConfigValues.value(v, "MAX_UPLOADS_PER_CLIENT").isEmpty() ? Math.max(1, maxConcurrent - 1)
                : (int) ConfigValues.integer(v, "MAX_UPLOADS_PER_CLIENT", 1, 64);
        return new Config(
                ConfigValues.value(v, "BIND_ADDRESS"),
                (int) ConfigValues.integer(v, "PORT", 0, 65_535),
                Path.of(ConfigValues.nonEmpty(v, "DATA_DIR")),
                ConfigValues.size(v, "MAX_UPLOAD_SIZE", 1, 1L << 42),
                maxConcurrent,
                (int) ConfigValues.size(v, "IO_BUFFER_SIZE", 4 << 10, 4 << 20),
                maxMemory.isEmpty() ? Optional.empty() : Optional.of(ConfigValues.integer(v, "MAX_MEMORY_MB", 16, 1 << 20) << 20),
                ConfigValues.decimal(v, "MEMORY_PRESSURE_THRESHOLD", 0.5, 0.95),
                ConfigValues.decimal(v, "THERMAL_THRESHOLD_C", 40, 90),
                token.isEmpty() ? Optional.empty() : Optional.of(token),
                auth.equals("token"),
                ConfigValues.duration(v, "UPLOAD_EXPIRATION", Duration.ofMinutes(1), Duration.ofDays(365)),
                ConfigValues.size(v, "DISK_RESERVE", 0, 1L << 42),
                ConfigValues.duration(v, "IDLE_TIMEOUT", Duration.ofSeconds(1), Duration.ofHours(1)),
                ConfigValues.duration(v, "SHUTDOWN_TIMEOUT", Duration.ZERO, Duration.ofHours(1)),
                ConfigValues.duration(v, "SLOW_REQUEST", Duration.ofMillis(1), Duration.ofHours(1)),
                formats.equals("wav"),
                Path.of(ConfigValues.nonEmpty(v, "MONITOR_ROOT")),
                webhook(ConfigValues.value(v, "DISCORD_WEBHOOK_URL")),
                ConfigValues.checked(() -> S3Settings.parse(ConfigValues.value(v, "S3_ENDPOINT"), ConfigValues.value(v, "S3_ACCESS_KEY"), ConfigValues.value(v, "S3_SECRET_KEY"),
                        ConfigValues.value(v, "S3_BUCKET"), secure, ConfigValues.value(v, "S3_REGION"), ConfigValues.value(v, "S3_ADDRESSING"),
                        createBucket)),
                new ShippingLimits((int) ConfigValues.integer(v, "S3_PARTS_IN_FLIGHT", 1, 16), ConfigValues.size(v, "S3_MAX_RATE", 0, 1L << 40),
                        ConfigValues.duration(v, "S3_SLOW_CALL", Duration.ofSeconds(5), Duration.ofHours(1))),
                ConfigValues.oneOf(v, "READ_ACCESS", "token", "public").equals("public"),
                ConfigValues.checked(() -> HostNames.parse(ConfigValues.value(v, "ALLOWED_HOSTS"))),
                perClient,
                ConfigValues.size(v, "MIN_DATA_RATE", 0, 1 << 20),
                (int) ConfigValues.integer(v, "MAX_CONNECTIONS", 8, 10_000),
                (int) ConfigValues.integer(v, "MAX_REQUEST_RATE", 1, 100_000),
                (int) ConfigValues.integer(v, "MAX_CREATES_PER_MINUTE", 1, 100_000),
                warningFree,
                criticalFree,
                new KeptCopies.Policy(ConfigValues.duration(v, "LOCAL_RETENTION", Duration.ZERO, Duration.ofDays(3650)),
                        ConfigValues.size(v, "LOCAL_RETENTION_MIN_FREE", 0, 1L << 42)),
                ConfigValues.checked(() -> TrustedProxies.parse(ConfigValues.value(v, "TRUSTED_PROXIES"))));
    }

    /** Every setting, with the token, the webhook URL and the object store's keys left out. */
    @Override
    public String toString() {
        return "Config[bindAddress=" + bindAddress + ", port=" + port + ", dataDir=" + dataDir + ", maxUploadSize="
                + maxUploadSize + ", maxConcurrentUploads=" + maxConcurrentUploads + ", ioBufferSize=" + ioBufferSize
                + ", maxMemoryBytes=" + maxMemoryBytes + ", memoryPressureThreshold=" + memoryPressureThreshold
                + ", thermalThresholdC=" + thermalThresholdC + ", uploadToken=" + (uploadToken.isPresent() ? "(set)" : "(none)")
                + ", authEnabled=" + authEnabled + ", uploadExpiration=" + uploadExpiration + ", diskReserveBytes="
                + diskReserveBytes + ", idleTimeout=" + idleTimeout + ", shutdownTimeout=" + shutdownTimeout
                + ", slowRequest=" + slowRequest + ", wavOnly=" + wavOnly + ", monitorRoot=" + monitorRoot
                + ", discordWebhook=" + (discordWebhook.isPresent() ? "(set)" : "(none)") + ", s3=" + s3 + ", s3Limits="
                + s3Limits + ", readPublic="
                + readPublic + ", allowedHosts=" + allowedHosts + ", maxUploadsPerClient=" + maxUploadsPerClient
                + ", minDataRate=" + minDataRate + ", maxConnections=" + maxConnections + ", maxRequestRate="
                + maxRequestRate + ", maxCreatesPerMinute=" + maxCreatesPerMinute + ", diskWarningFree=" + diskWarningFree
                + ", diskCriticalFree=" + diskCriticalFree + ", localRetention=" + localRetention + ", trustedProxies=" + trustedProxies + "]";
    }

    private static Optional<URI> webhook(String value) throws ConfigException {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below, without the value: it is a secret
        }
        throw new ConfigException("DISCORD_WEBHOOK_URL is not an http(s) URL with a host (value not shown: it is a secret)");
    }

    private static void applyFlags(String[] args, Map<String, String> v) throws ConfigException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("argument '" + arg + "' is not a --flag: allowed " + flags());
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String given = flag.toUpperCase(Locale.ROOT).replace('-', '_');
            String name = ALIASES.getOrDefault(given, given);
            if (!DEFAULTS.containsKey(name)) {
                throw new ConfigException("unknown flag --" + flag + ": allowed " + flags());
            }
            if (SECRETS.contains(name)) {
                throw new ConfigException("--" + flag + " is a secret and not allowed as a flag (every local user can read"
                        + " flags with ps): set " + name + " in the environment, e.g. the service's env file");
            }
            if (eq >= 0) {
                v.put(name, arg.substring(eq + 1).trim());
            } else if (i + 1 < args.length) {
                v.put(name, args[++i].trim());
            } else {
                throw new ConfigException("flag --" + flag + " has no value");
            }
        }
    }

    /** The flags, for error messages and {@code --help}. */
    public static String flags() {
        return String.join(", ", DEFAULTS.keySet().stream().map(Config::flagOf).toList());
    }

    static String flagOf(String name) {
        return "--" + name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

}
