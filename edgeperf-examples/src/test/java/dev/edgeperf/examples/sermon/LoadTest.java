package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.upload.UploadGate;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Twenty clients at once against four upload places: the gate holds, everyone gets in, nothing leaks. */
class LoadTest {
    private static final int CLIENTS = 20;
    private static final int PLACES = 4;
    private static final int SIZE = 1_500_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void twentyClientsShareFourPlacesAndAllArriveIntact() throws Exception {
        try (TestService s = TestService.start(dir, "MAX_CONCURRENT_UPLOADS", Integer.toString(PLACES))) {
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger mostActive = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            Future<Integer> watcher = pool.submit(() -> watch(s, running, mostActive));
            List<Future<String>> uploads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int seed = 100 + i;
                uploads.add(pool.submit(() -> upload(s, seed, refused)));
            }
            for (int i = 0; i < CLIENTS; i++) {
                String stored = uploads.get(i).get();
                assertEquals(Wavs.sha256(Wavs.bytes(SIZE, 100 + i)), Wavs.sha256(Files.readAllBytes(dir.resolve("sermons/" + stored))));
            }
            running.set(false);
            int healthAnswers = watcher.get();
            pool.shutdown();

            assertTrue(refused.get() > 0, "some clients were told to wait");
            assertTrue(mostActive.get() <= PLACES, "never more than " + PLACES + " at once: " + mostActive.get());
            assertTrue(healthAnswers > 0, "health and metrics answered during the load");
            assertEquals(0, s.service.monitor().memoryGuard().reservedBytes(), "every memory reservation returned");
            JsonNode detailed = Json.MAPPER.readTree(s.get("/api/health/detailed").body());
            assertEquals(0, detailed.get("uploads").get("active").asInt(), "every place given back");
        }
    }

    /**
     * Every upload place taken by a PATCH whose body is still arriving (each holds a thread), and the service
     * still answers: with a fixed 64 threads, 64 places left none for anything else.
     */
    @Test
    @Timeout(120)
    void withEveryUploadPlaceHeldTheServiceStillAnswers() throws Exception {
        int places = 64;
        try (TestService s = TestService.start(dir, "MAX_CONCURRENT_UPLOADS", Integer.toString(places), "MIN_DATA_RATE", "0")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < places; i++) {
                    HttpResponse<String> created = s.send(s.request(TusHandler.PATH).header("Tus-Resumable", "1.0.0")
                            .header("Upload-Length", "100000").POST(HttpRequest.BodyPublishers.noBody()).build());
                    assertEquals(201, created.statusCode(), created.body());
                    String path = created.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+", "");
                    held.add(s.startPatch(path, Wavs.bytes(100_000, 200 + i), 10_000));
                }
                int active = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (active < places && System.nanoTime() - deadline < 0) {
                    HttpResponse<String> detailed = s.send(s.request("/api/health/detailed").timeout(Duration.ofSeconds(5)).build());
                    active = Json.MAPPER.readTree(detailed.body()).get("uploads").get("active").asInt();
                }
                assertEquals(places, active, "every place held by a running PATCH");
                assertEquals(200, s.send(s.request("/health").timeout(Duration.ofSeconds(5)).build()).statusCode());
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /** One client: create, then send the file in two PATCHes, waiting out 429s as Retry-After asks (scaled down). */
    private static String upload(TestService s, int seed, AtomicInteger refused) throws Exception {
        byte[] wav = Wavs.bytes(SIZE, seed);
        HttpResponse<String> created;
        for (;;) {
            created = s.send(s.request(TusHandler.PATH).header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", Integer.toString(SIZE))
                    .header("Upload-Metadata", "filename " + java.util.Base64.getEncoder().encodeToString(("load-" + seed + ".wav")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            if (created.statusCode() != 429) {
                break;
            }
            refused.incrementAndGet();
            assertEquals(Integer.toString(UploadGate.RETRY_AFTER_SECONDS), created.headers().firstValue("Retry-After").orElseThrow());
            Thread.sleep(UploadGate.RETRY_AFTER_SECONDS * 10L); // the client's back-off, scaled down 100×
        }
        assertEquals(201, created.statusCode(), created.body());
        String path = created.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+", "");
        int half = SIZE / 2;
        HttpResponse<String> r = null;
        for (int[] part : new int[][] {{0, half}, {half, SIZE}}) {
            // The place is taken by the first PATCH (a create holds none), so that is where a client waits. The
            // server answers 429 without reading the body and closes the connection, so the client may see the
            // 429 or only the reset: a tus client retries both, and so does this one.
            for (;;) {
                try {
                    r = s.send(s.request(path).header("Tus-Resumable", "1.0.0")
                            .header("Content-Type", "application/offset+octet-stream")
                            .header("Upload-Offset", Integer.toString(part[0])).method("PATCH",
                                    HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(wav, part[0], part[1])))
                            .build());
                    if (r.statusCode() != 429) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // reset after a refusal: retried below
                }
                refused.incrementAndGet();
                Thread.sleep(UploadGate.RETRY_AFTER_SECONDS * 10L);
            }
            assertEquals(204, r.statusCode(), r.body());
        }
        return r.headers().firstValue("X-Sermon-Name").orElseThrow();
    }

    /** Polls health and metrics while the uploads run, recording the most uploads seen holding a place. */
    private static int watch(TestService s, AtomicBoolean running, AtomicInteger mostActive) throws Exception {
        int answers = 0;
        while (running.get()) {
            HttpResponse<String> detailed = s.send(s.request("/api/health/detailed")
                    .timeout(Duration.ofSeconds(5)).build());
            mostActive.accumulateAndGet(Json.MAPPER.readTree(detailed.body()).get("uploads").get("active").asInt(), Math::max);
            HttpResponse<String> metrics = s.send(s.request("/api/metrics").timeout(Duration.ofSeconds(5))
                    .build());
            assertEquals(200, metrics.statusCode());
            answers++;
        }
        return answers;
    }
}
