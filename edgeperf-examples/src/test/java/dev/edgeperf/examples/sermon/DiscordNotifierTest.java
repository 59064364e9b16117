package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.notify.DiscordNotifier;
import dev.edgeperf.examples.sermon.wav.WavInfo;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.resilience.Backoff;
import dev.edgeperf.resilience.Resilient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discord notifications against a local webhook that records what it gets and fails when told to. */
class DiscordNotifierTest {
    private HttpServer webhook;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failWith = 500;
    private WorkerPool workers;
    private ScheduledExecutorService scheduler;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/api/webhooks/1/secret", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            int status = failuresLeft.getAndDecrement() > 0 ? failWith : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
        workers = WorkerPool.builder().name("test-notify").workers(1).build();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        webhook.stop(0);
        scheduler.shutdownNow();
        workers.close();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/api/webhooks/1/secret");
    }

    private DiscordNotifier notifier() {
        Resilient resilient = Resilient.builder("discord-test").maxAttempts(4)
                .backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5))).noBudget().build();
        return new DiscordNotifier(url(), workers, scheduler, resilient, HttpClient.newHttpClient(), Duration.ofHours(1),
                Clock.systemUTC());
    }

    private static SermonRecord record(String name) {
        return new SermonRecord(name, name, 3L << 30, "ab".repeat(32),
                new WavInfo("RIFF", "PCM", 2, 48_000, 24, 44, (3L << 30) - 44), 5592.4, "2026-11-23T10:00:00Z",
                "10.0.0.7 (Firefox)", "u1");
    }

    /** Waits until the pool has run everything queued: deliveries are done, whatever their outcome. */
    private void drain() {
        workers.shutdown(Duration.ofSeconds(30));
    }

    @Test
    void aStoredUploadIsAnnouncedAfterTheWebhookFailsTwice() throws Exception {
        failuresLeft.set(2);
        DiscordNotifier n = notifier();
        n.stored(record("Easter Sunday.wav"));
        n.flush();
        drain();
        assertEquals(3, received.size(), "two failures, then delivered");
        JsonNode embed = Json.MAPPER.readTree(received.get(2)).get("embeds").get(0);
        assertEquals("Sermon uploaded: Easter Sunday.wav", embed.get("title").asText());
        assertEquals("3.00 GiB · 1:33:12 · SHA-256 abababababab…", embed.get("description").asText());
        assertEquals("10.0.0.7 (Firefox)", embed.get("fields").get(0).get("value").asText());
    }

    @Test
    void uploadsInOneWindowAreOneSummary() throws Exception {
        DiscordNotifier n = notifier();
        n.stored(record("a.wav"));
        n.stored(record("b.wav"));
        n.failed("notes.wav", "only WAV recordings are accepted", "10.0.0.8");
        n.flush();
        drain();
        assertEquals(1, received.size());
        JsonNode embed = Json.MAPPER.readTree(received.get(0)).get("embeds").get(0);
        assertEquals("2 sermons uploaded, 1 failed", embed.get("title").asText());
        assertEquals(3, embed.get("fields").size());
        assertEquals("❌ notes.wav", embed.get("fields").get(2).get("name").asText());
    }

    /** Regression: names went to Discord raw; one over 256 characters made Discord drop the whole batch. */
    @Test
    void clientTextIsEscapedCutToDiscordsLimitsAndMentionsNothing() throws Exception {
        DiscordNotifier n = notifier();
        String name = "**@everyone** " + "x".repeat(300) + ".wav";
        n.failed(name, "r".repeat(5000), "10.0.0.9");
        n.flush();
        drain();
        JsonNode message = Json.MAPPER.readTree(received.get(0));
        JsonNode embed = message.get("embeds").get(0);
        assertTrue(embed.get("title").asText().length() <= 256, embed.get("title").asText());
        assertTrue(embed.get("title").asText().startsWith("Upload failed: \\*\\*@everyone\\*\\*"), embed.get("title").asText());
        assertTrue(embed.get("title").asText().endsWith("…"));
        assertTrue(embed.get("description").asText().length() <= 4096);
        assertEquals(0, message.get("allowed_mentions").get("parse").size());
    }

    @Test
    void aMessageTheWebhookRefusesIsNotRetried() {
        failuresLeft.set(10);
        failWith = 400;
        DiscordNotifier n = notifier();
        n.stored(record("a.wav"));
        n.flush();
        drain();
        assertEquals(1, received.size());
    }

    @Test
    void nothingCollectedSendsNothing() {
        notifier().flush();
        drain();
        assertTrue(received.isEmpty());
    }

    @Test
    void aFailingWebhookNeverFailsAnUploadAndTheUrlIsNotShown() throws Exception {
        failuresLeft.set(Integer.MAX_VALUE);
        try (TestService s = TestService.start(dir, "DISCORD_WEBHOOK_URL", url().toString())) {
            assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + "fine.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, 70))).build()).statusCode());
            assertFalse(s.get("/api/health/detailed").body().contains("secret"));
            assertFalse(s.get("/api/metrics").body().contains("secret"));
        }
    }
}
