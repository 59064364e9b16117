package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.s3.Bucket;
import dev.edgeperf.examples.sermon.s3.ObjectMetadata;
import dev.edgeperf.examples.sermon.s3.S3Settings;
import dev.edgeperf.resilience.Resilient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The object store's rules the bucket must keep, checked without a store, and how it treats a store's
 * refusals, against a local HTTP server that answers every request with the same S3 error.
 */
class BucketTest {
    private static final long MIB = 1L << 20;

    /** Answers every request with {@code status}, an S3 error body and {@code headers}; counts requests. */
    private static HttpServer store(int status, String code, AtomicInteger requests, String... headers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>no</Message>"
                + "<Resource>/sermons</Resource><RequestId>1</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Bucket bucket(HttpServer server, List<Long> waits) {
        return bucket(server, waits, new CopyOnWriteArrayList<>());
    }

    private static Bucket bucket(HttpServer server, List<Long> waits, List<Long> readWaits) {
        Resilient resilient = Resilient.builder("test-store").maxAttempts(3).sleeper(waits::add).build();
        Resilient reads = Resilient.builder("test-store-reads").maxAttempts(3).sleeper(readWaits::add).build();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new Bucket(new S3Settings(endpoint, "key", "secret", "sermons"), resilient, reads,
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), Path.of("target", "journals"), () -> 1, 0);
    }

    /** Regression: downloads shared the outbox's breaker, so failing downloads could stop shipping. */
    @Test
    void downloadsGoThroughTheirOwnResilienceNotTheOutboxs() throws IOException {
        List<Long> waits = new CopyOnWriteArrayList<>();
        List<Long> readWaits = new CopyOnWriteArrayList<>();
        HttpServer server = store(503, "SlowDown", new AtomicInteger(), "Retry-After", "3");
        try {
            assertThrows(Bucket.Unavailable.class, () -> bucket(server, waits, readWaits).get("a.wav", 0, 10));
            assertEquals(List.of(3_000L, 3_000L), readWaits);
            assertEquals(List.of(), waits, "the outbox's calls saw nothing");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBusyStoresRetryAfterIsTheWaitBetweenAttempts() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        List<Long> waits = new CopyOnWriteArrayList<>();
        HttpServer server = store(503, "SlowDown", requests, "Retry-After", "7");
        try {
            Bucket.Unavailable e = assertThrows(Bucket.Unavailable.class, () -> bucket(server, waits).stat("a.wav"));
            assertTrue(e.getMessage().contains("503"), e.getMessage());
            assertEquals(List.of(7_000L, 7_000L), waits);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusalIsNotRetried() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        List<Long> waits = new CopyOnWriteArrayList<>();
        HttpServer server = store(400, "EntityTooLarge", requests);
        try {
            RemoteFailure.Rejected e = assertThrows(RemoteFailure.Rejected.class, () -> bucket(server, waits).sidecar("a.wav"));
            assertTrue(e.getMessage().contains("400 EntityTooLarge"), e.getMessage());
            assertEquals(List.of(), waits);
            assertEquals(1, requests.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void partsAre16MiBUntilTenThousandOfThemNoLongerFit() {
        assertEquals(16 * MIB, Bucket.partSize(1));
        assertEquals(16 * MIB, Bucket.partSize(5L << 30));
        assertEquals(16 * MIB, Bucket.partSize(10_000 * 16 * MIB));
        assertEquals(17 * MIB, Bucket.partSize(10_000 * 16 * MIB + 1));
    }

    @Test
    void everySizeUpToTheLargestUploadFitsInTenThousandParts() {
        for (long size : List.of(5L << 30, 8L << 30, 100L << 30, 1L << 42)) {
            long part = Bucket.partSize(size);
            assertTrue((size + part - 1) / part <= 10_000, size + " bytes in parts of " + part);
            assertEquals(0, part % MIB, "whole MiB parts");
        }
    }

    @Test
    void theOriginalNameTravelsAsAsciiMetadataAndComesBackWhole() {
        SermonRecord r = new SermonRecord("Predigt.wav", "Prédigt «Ostern» 日曜.wav", 10, "ab", null, 0, "t", "c", "u");
        String sent = ObjectMetadata.of(r).get(ObjectMetadata.ORIGINAL_NAME);
        assertTrue(sent.chars().allMatch(c -> c >= 0x20 && c < 0x7f), sent);
        assertEquals(r.originalName(), ObjectMetadata.decoded(sent));
    }
}
