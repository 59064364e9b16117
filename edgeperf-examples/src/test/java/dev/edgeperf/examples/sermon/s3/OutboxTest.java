package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.S3Proxy;
import dev.edgeperf.examples.sermon.Wavs;
import dev.edgeperf.examples.sermon.library.SermonLibrary;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.resilience.Resilient;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox on its own, without the service or HTTP: a local library, a {@link Bucket} and a real S3
 * server (S3Proxy). One behaviour per test.
 */
class OutboxTest {
    private static S3Proxy s3;

    @TempDir
    Path dir;
    private Shelf shelf;

    @BeforeAll
    static void startStore(@TempDir Path storeDir) throws Exception {
        s3 = S3Proxy.start(storeDir);
    }

    @BeforeEach
    void shelf() throws Exception {
        shelf = new Shelf(dir);
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    private Bucket bucket(String endpoint) {
        Resilient calls = Resilient.builder("test-outbox").maxAttempts(1).build();
        Resilient reads = Resilient.builder("test-outbox-reads").maxAttempts(1).build();
        return new Bucket(new S3Settings(URI.create(endpoint), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY, S3Proxy.BUCKET),
                calls, reads, Clock.systemUTC(), shelf.journals(), () -> 2, 0);
    }

    private Outbox outbox(SermonLibrary library, Bucket bucket, List<SermonRecord> shipped) {
        return new Outbox(library, new KeptCopies(dir, KeptCopies.Policy.NONE, () -> Long.MAX_VALUE, Clock.systemUTC()), bucket,
                bucket::ensureExists, shipped::add, Duration.ofMillis(50));
    }

    @Test
    void shipsAWaitingSermonByteIdenticalAndThenRemovesTheLocalCopy() throws Exception {
        SermonLibrary library = shelf.library;
        byte[] bytes = Wavs.bytes(300_000, 7);
        SermonRecord r = shelf.store("shipped.wav", bytes);
        List<SermonRecord> shipped = new CopyOnWriteArrayList<>();
        try (Outbox outbox = outbox(library, bucket(s3.endpoint()), shipped)) {
            outbox.wake();
            Shelf.await(() -> outbox.shippedCount() == 1, "the sermon is shipped", () -> "");
            assertEquals(Wavs.sha256(bytes), s3.sha256(Bucket.SERMONS + r.name()));
            assertEquals(List.of(r), shipped);
            assertEquals(List.of(), library.list(), "the local copy goes once the bucket confirmed it");
        }
    }

    @Test
    void keepsTheSermonAndSaysSoWhileTheStoreIsUnreachable() throws Exception {
        SermonLibrary library = shelf.library;
        SermonRecord r = shelf.store("waiting.wav", Wavs.bytes(10_000, 8));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Outbox outbox = outbox(library, bucket("http://127.0.0.1:" + closedPort), new CopyOnWriteArrayList<>())) {
            outbox.wake();
            Shelf.await(outbox::failing, "the outbox reports the store unavailable", () -> "");
            assertEquals(1, outbox.waitingCount());
            assertTrue(Files.exists(library.fileOf(r.name())));
            assertTrue(outbox.describe().get("last_error").toString().contains("127.0.0.1:" + closedPort));
        }
    }

    @Test
    void refusesToOverwriteADifferentObjectOfTheSameNameAndKeepsTheLocalCopy() throws Exception {
        SermonLibrary library = shelf.library;
        SermonRecord r = shelf.store("taken-elsewhere.wav", Wavs.bytes(10_000, 9));
        s3.put(Bucket.SERMONS + r.name(), Wavs.bytes(10_000, 10));
        try (Outbox outbox = outbox(library, bucket(s3.endpoint()), new CopyOnWriteArrayList<>())) {
            outbox.wake();
            Shelf.await(() -> ((Map<?, ?>) outbox.describe().get("refused")).containsKey(r.name()), "the sermon is refused", () -> "");
            assertEquals(List.of(r), library.list());
            assertEquals(0, outbox.shippedCount());
        }
    }
}
