package dev.edgeperf.examples.sermon;


import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.tus.TusService;
import dev.edgeperf.examples.sermon.upload.UploadGate;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What protects the Pi: concurrency, memory and disk admission, expiration, and the health endpoints. */
class ProtectionTest {
    @TempDir
    Path dir;

    private static HttpRequest create(TestService s, long length) {
        return s.request(TusHandler.PATH).header("Tus-Resumable", "1.0.0").header("Upload-Length", Long.toString(length))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures", name).toAbsolutePath();
    }

    private static String location(HttpResponse<String> created) {
        assertEquals(201, created.statusCode(), created.body());
        return created.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+", "");
    }

    @Test
    void uploadsBeyondMaxConcurrentUploadsGet429WithRetryAfter() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CONCURRENT_UPLOADS", "1")) {
            String running = location(s.send(create(s, 100_000)));
            try (Socket patch = s.startPatch(running, Wavs.bytes(100_000, 41), 1_000)) {
                awaitActive(s, 1);
                HttpResponse<String> r = s.send(create(s, 1000));
                assertEquals(429, r.statusCode());
                assertEquals(Integer.toString(UploadGate.RETRY_AFTER_SECONDS), r.headers().firstValue("Retry-After")
                        .orElseThrow());
                assertEquals(1, Json.MAPPER.readTree(r.body()).get("max_concurrent_uploads").asInt());
            }
        }
    }

    private static void awaitActive(TestService s, int active) throws Exception {
        while (Json.MAPPER.readTree(s.get("/api/health/detailed").body()).get("uploads").get("active").asInt() != active) {
            Thread.onSpinWait();
        }
    }

    /** Regression: two creates that never sent a byte held both default places. */
    @Test
    @Timeout(30)
    void aCreateWithoutABodyHoldsNoPlace() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CONCURRENT_UPLOADS", "1")) {
            String first = location(s.send(create(s, 5_000)));
            String second = location(s.send(create(s, 5_000)));
            assertEquals(0, Json.MAPPER.readTree(s.get("/api/health/detailed").body()).get("uploads").get("active").asInt());
            for (String path : new String[] {first, second}) {
                HttpResponse<String> r = s.send(s.request(path).header("Tus-Resumable", "1.0.0").header("Content-Type",
                        "application/offset+octet-stream").header("Upload-Offset", "0").method("PATCH",
                                HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(5_000, path.hashCode()))).build());
                assertEquals(204, r.statusCode(), r.body());
            }
        }
    }

    @Test
    @Timeout(30)
    void oneClientCannotHoldEveryPlace() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CONCURRENT_UPLOADS", "3", "MAX_UPLOADS_PER_CLIENT", "1")) {
            String running = location(s.send(create(s, 100_000)));
            try (Socket patch = s.startPatch(running, Wavs.bytes(100_000, 42), 1_000)) {
                awaitActive(s, 1);
                HttpResponse<String> r = s.send(create(s, 1000));
                assertEquals(429, r.statusCode(), r.body());
                assertEquals(1, Json.MAPPER.readTree(r.body()).get("max_uploads_per_client").asInt());
            }
        }
    }

    /** Regression: a PATCH trickling a byte every few seconds held its place and lock for as long as it liked. */
    @Test
    @Timeout(60)
    void aPatchTricklingBelowTheMinimumDataRateFailsAndReleasesItsUpload() throws Exception {
        try (TestService s = TestService.start(dir, "MIN_DATA_RATE", "2K", "IDLE_TIMEOUT", "10m")) {
            byte[] wav = Wavs.bytes(100_000, 43);
            String path = location(s.send(create(s, wav.length)));
            try (Socket trickle = s.startPatch(path, wav, 4_000)) {
                OutputStream out = trickle.getOutputStream();
                HttpResponse<String> probe;
                int sent = 4_000;
                do {
                    try {
                        out.write(wav[sent++]);
                        out.flush();
                    } catch (java.io.IOException e) {
                        // the server gave up on the request: what the test waits for
                    }
                    Thread.sleep(100); // the attack: about ten bytes a second
                    probe = s.send(s.request(path).header("Tus-Resumable", "1.0.0").header("Content-Type",
                            "application/offset+octet-stream").header("Upload-Offset", "1").method("PATCH",
                                    HttpRequest.BodyPublishers.noBody()).build());
                } while (probe.statusCode() == 423);
                assertEquals(409, probe.statusCode(), "unlocked: an offset mismatch, not 423");
            }
        }
    }

    @Test
    void aFinishedUploadGivesUpItsPlace() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CONCURRENT_UPLOADS", "1")) {
            byte[] wav = Wavs.bytes(5_000, 40);
            assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + "one.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build()).statusCode());
            assertEquals(201, s.send(create(s, 1000)).statusCode());
        }
    }

    @Test
    void anUploadThatDoesNotFitOnDiskIs507BeforeAByteIsWritten() throws Exception {
        try (TestService s = TestService.start(dir, "DISK_RESERVE", "4T")) {
            HttpResponse<String> r = s.send(create(s, 1_000_000));
            assertEquals(507, r.statusCode());
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertEquals("insufficient_storage", body.get("code").asText());
            assertTrue(body.get("error").asText().contains("MiB kept in reserve"), r.body());
            try (Stream<Path> files = Files.list(dir.resolve("uploads"))) {
                assertEquals(0, files.count());
            }
        }
    }

    /** Regression: an upload of unknown length skipped disk admission altogether. */
    @Test
    void anUploadOfUnknownLengthIsAdmittedAgainstTheLargestUpload() throws Exception {
        try (TestService s = TestService.start(dir, "DISK_RESERVE", "4T")) {
            HttpResponse<String> r = s.send(s.request(TusHandler.PATH).header("Tus-Resumable", "1.0.0")
                    .header("Upload-Defer-Length", "1").POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(507, r.statusCode(), r.body());
            assertEquals("insufficient_storage", Json.MAPPER.readTree(r.body()).get("code").asText());
        }
    }

    @Test
    void underCriticalMemoryNewUploadsGet507WithTheSeedsDetails() throws Exception {
        try (TestService s = TestService.start(dir, "MONITOR_ROOT", fixture("pi5-memory-critical").toString())) {
            HttpResponse<String> r = s.send(create(s, 1000));
            assertEquals(507, r.statusCode(), r.body());
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertEquals("insufficient_memory", body.get("code").asText());
            assertEquals(false, body.get("success").asBoolean());
            assertEquals("Insufficient memory available for upload", body.get("message").asText());
            assertTrue(body.get("details").asText().startsWith("memory is critical"), r.body());
            assertEquals("critical", body.get("current_memory").get("pressure_level").asText());
            assertEquals("1024.00", body.get("current_memory").get("limit_mb").asText());
        }
    }

    @Test
    void underCriticalMemoryARunningUploadContinues() throws Exception {
        Path root = dir.resolve("root");
        copy(fixture("pi5-memory-critical"), root);
        Path current = root.resolve("sys/fs/cgroup/system.slice/sermon-uploader.service/memory.current");
        Files.writeString(current, "134217728\n");
        try (TestService s = TestService.start(dir.resolve("data"), "MONITOR_ROOT", root.toString())) {
            byte[] wav = Wavs.bytes(20_000, 41);
            String path = location(s.send(create(s, wav.length)));
            assertEquals(204, s.send(s.request(path).header("Tus-Resumable", "1.0.0")
                    .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", "0")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(wav, 10_000))).build())
                    .statusCode(), "running: it holds a place");
            Files.writeString(current, "1040187392\n");
            s.service.monitor().sample();
            assertEquals(507, s.send(create(s, 1000)).statusCode(), "new uploads refused");
            HttpResponse<String> r = s.send(s.request(path).header("Tus-Resumable", "1.0.0")
                    .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", "10000")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(wav, 10_000, wav.length)))
                    .build());
            assertEquals(204, r.statusCode(), r.body());
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void staleUnfinishedUploadsExpireWithTheirBytes() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        try (TestService s = TestService.start(dir, clock, "UPLOAD_EXPIRATION", "24h")) {
            HttpResponse<String> created = s.send(create(s, 1000));
            String path = created.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+", "");
            clock.advance(Duration.ofHours(23));
            assertEquals(0, s.service.tus().expire());
            clock.advance(Duration.ofHours(2));
            assertEquals(1, s.service.tus().expire());
            assertEquals(404, s.send(s.request(path).header("Tus-Resumable", "1.0.0")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
            try (Stream<Path> files = Files.list(dir.resolve("uploads"))) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void healthAnswersWithStatusAndMemory() throws Exception {
        try (TestService s = TestService.start(dir)) {
            HttpResponse<String> r = s.get("/health");
            assertEquals(200, r.statusCode());
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertEquals("sermon-uploader", body.get("service").asText());
            assertTrue(body.get("memory").has("pressure_level"));
            assertTrue(r.headers().firstValue("X-Response-Time").orElseThrow().endsWith("ms"));
        }
    }

    @Test
    void healthWarnsWhenAuthIsOff() throws Exception {
        try (TestService s = TestService.start(dir, "AUTH", "none")) {
            assertTrue(Json.MAPPER.readTree(s.get("/health").body()).get("warning").asText().contains("AUTH=none"));
        }
    }

    @Test
    void detailedHealthReportsSystemUploadsStorageAndWorkers() throws Exception {
        try (TestService s = TestService.start(dir, "MONITOR_ROOT", fixture("pi5-memory-critical").toString())) {
            HttpResponse<String> r = s.get("/api/health/detailed");
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertEquals("Raspberry Pi 5 Model B Rev 1.0", body.get("system").get("board").asText());
            assertEquals("critical", body.get("system").get("memory_level").asText());
            assertEquals(2, body.get("uploads").get("max_concurrent").asInt());
            assertTrue(body.get("uploads").get("waiting_reason").asText().contains("memory"));
            assertEquals("filesystem", body.get("storage").get("type").asText());
            assertTrue(body.get("workers").has("limit"));
            assertTrue(body.toString().indexOf(TestService.TOKEN) < 0, "no secrets");
        }
    }

    @Test
    void memoryStatusHasTheSeedsShapeWithRecommendations() throws Exception {
        try (TestService s = TestService.start(dir)) {
            JsonNode body = Json.MAPPER.readTree(s.get("/api/memory/status").body());
            assertTrue(body.get("success").asBoolean());
            JsonNode current = body.get("memory").get("current_stats");
            assertTrue(current.has("alloc_mb") && current.has("usage_percent") && current.has("pressure_level"));
            assertTrue(body.get("memory").get("recommendations").size() > 0);
        }
    }

    @Test
    void metricsArePrometheusTextWithJvmPoolMonitorRequestAndUploadMeters() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + "m.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, 42))).build()).statusCode());
            s.get("/health");
            HttpResponse<String> r = s.get("/api/metrics");
            assertEquals(200, r.statusCode());
            String text = r.body();
            for (String meter : new String[] {"jvm_memory_used_bytes", "edgeperf_buffer_pool", "edgeperf_worker_pool",
                    "edgeperf_system_pressure_level", "sermon_http_requests_seconds_count{method=\"GET\",route=\"health\",status=\"200\"}",
                    "sermon_upload_bytes_total", "sermon_upload_outcomes_total{outcome=\"stored\"}"}) {
                assertTrue(text.contains(meter), meter + " missing from:\n" + text.substring(0, Math.min(2000, text.length())));
            }
        }
    }

    @Test
    void poolStatsListBufferTiersAndWorkers() throws Exception {
        try (TestService s = TestService.start(dir)) {
            JsonNode body = Json.MAPPER.readTree(s.get("/api/stats/pools").body());
            assertEquals("uploads", body.get("buffers").get("poolName").asText());
            assertTrue(body.get("workers").has("completed"));
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(404, s.get("/nowhere").statusCode());
            HttpResponse<String> r = s.send(s.request("/health").DELETE().build());
            assertEquals(405, r.statusCode());
            assertEquals("GET", r.headers().firstValue("Allow").orElseThrow());
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aClientCreatingUploadsTooFastGets429() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CREATES_PER_MINUTE", "5")) {
            int status = 201;
            for (int i = 0; i < 20 && status == 201; i++) {
                status = s.send(create(s, 1000)).statusCode();
            }
            assertEquals(429, status);
        }
    }

    /** Connections beyond MAX_CONNECTIONS wait to be accepted: the ninth is answered only once one of eight closes. */
    @Test
    @Timeout(60)
    void beyondMaxConnectionsANewConnectionWaitsUntilOneCloses() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CONNECTIONS", "8")) {
            List<java.net.Socket> held = new ArrayList<>();
            try (java.net.Socket ninth = new java.net.Socket()) {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket socket = new java.net.Socket("127.0.0.1", s.service.port());
                    held.add(socket);
                    socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    assertEquals("HTTP/1.1 200", new String(socket.getInputStream().readNBytes(12),
                            java.nio.charset.StandardCharsets.US_ASCII), "connection " + (i + 1) + " accepted");
                }
                ninth.connect(new java.net.InetSocketAddress("127.0.0.1", s.service.port()));
                ninth.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                ninth.setSoTimeout(500);
                assertThrows(java.net.SocketTimeoutException.class, () -> ninth.getInputStream().read(),
                        "no answer while eight connections are open");
                held.remove(0).close();
                ninth.setSoTimeout(0);
                assertEquals("HTTP/1.1 200", new String(ninth.getInputStream().readNBytes(12),
                        java.nio.charset.StandardCharsets.US_ASCII), "answered once a connection closed");
            } finally {
                for (java.net.Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /** Downloads that stall (their clients read nothing) hold at most eight of them; the ninth waits for one. */
    @Test
    @Timeout(60)
    void aNinthDownloadAtOnceIsRefusedAsBusyUntilOneEnds() throws Exception {
        try (TestService s = TestService.start(dir)) {
            s.upload("long.wav", 32L << 20, 21);
            List<java.net.Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket socket = new java.net.Socket("127.0.0.1", s.service.port());
                    stalled.add(socket);
                    socket.getOutputStream().write(("GET /api/files/long.wav HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + TestService.TOKEN + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    assertEquals("HTTP/1.1 200", new String(socket.getInputStream().readNBytes(12),
                            java.nio.charset.StandardCharsets.US_ASCII), "download " + (i + 1) + " started");
                }
                HttpResponse<String> ninth = s.get("/api/files/long.wav");
                assertEquals(503, ninth.statusCode(), ninth.body());
                assertTrue(ninth.body().contains("\"busy\""), ninth.body());
            } finally {
                for (java.net.Socket socket : stalled) {
                    socket.close();
                }
            }
            int status = 503;
            for (int i = 0; i < 200 && status == 503; i++) {
                Thread.sleep(20); // paced: the closed downloads' failures reach the server asynchronously
                status = s.send(java.net.http.HttpRequest.newBuilder(s.service.uri().resolve("/api/files/long.wav"))
                        .header("Authorization", "Bearer " + TestService.TOKEN).header("Range", "bytes=0-9").build())
                        .statusCode();
            }
            assertEquals(206, status, "a place is free again once the stalled downloads are gone");
        }
    }

    /** Creates from five loopback addresses, two each (each within its own limit): the token's share runs out. */
    @Test
    void holdersOfTheTokenShareOneBudgetOfCreatesAcrossAddresses() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CREATES_PER_MINUTE", "2")) {
            List<Integer> statuses = new ArrayList<>();
            for (int a = 1; a <= 5; a++) {
                for (int i = 0; i < 2; i++) {
                    statuses.add(createFrom(s, "127.0.0." + a));
                }
            }
            assertEquals(2 * TusHandler.TOKEN_SHARE, statuses.stream().filter(c -> c == 201).count(), statuses.toString());
            assertEquals(429, statuses.get(statuses.size() - 1));
        }
    }

    /** A tus create sent from the source address {@code from}, with the token; returns the status. */
    private static int createFrom(TestService s, String from) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getByName("127.0.0.1"), s.service.port(),
                InetAddress.getByName(from), 0)) {
            socket.getOutputStream().write(("POST /api/tus/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestService.TOKEN + "\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 1000\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    /** Regression: the number of unfinished uploads, each holding up to 4 KiB of metadata, was unbounded. */
    @Test
    @Timeout(120)
    void beyondTheMostUnfinishedUploadsACreateIsRefused() throws Exception {
        // On tmpfs where there is one: a thousand creates are a few thousand fsyncs.
        Path shm = Path.of("/dev/shm");
        Path data = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "unfinished")
                : dir.resolve("data");
        try (TestService s = TestService.start(data)) {
            for (int i = 0; i < TusService.MAX_UNFINISHED; i++) {
                assertEquals(201, s.send(create(s, 1000)).statusCode(), "create " + i);
            }
            HttpResponse<String> refused = s.send(create(s, 1000));
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("too_many_unfinished", Json.MAPPER.readTree(refused.body()).get("code").asText());
        } finally {
            if (data.startsWith(shm)) {
                try (Stream<Path> walk = Files.walk(data)) {
                    walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void aClientBeyondTheRequestRateGets429() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_REQUEST_RATE", "5")) {
            int status = 200;
            for (int i = 0; i < 100 && status == 200; i++) {
                status = s.get("/health").statusCode();
            }
            assertEquals(429, status);
        }
    }
}
