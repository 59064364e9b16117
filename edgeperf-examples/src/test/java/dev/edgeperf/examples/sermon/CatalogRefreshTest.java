package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.edgeperf.examples.sermon.s3.KeptCopies;
import dev.edgeperf.examples.sermon.s3.Bucket;
import dev.edgeperf.examples.sermon.s3.S3Sermons;
import dev.edgeperf.examples.sermon.s3.S3Settings;
import dev.edgeperf.resilience.Resilient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Listings answer from the catalog; the bucket is listed at most once per refresh interval however often asked. */
class CatalogRefreshTest {
    @TempDir
    Path dir;

    /** An empty bucket that exists, counting the listings of its sidecars. */
    private static HttpServer emptyStore(AtomicInteger listings) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getQuery();
            String xml = "";
            if (query != null && query.contains("location")) {
                xml = "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">us-east-1</LocationConstraint>";
            } else if (query != null && query.contains("list-type")) {
                listings.incrementAndGet();
                xml = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>sermons</Name>"
                        + "<Prefix>metadata/</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys>"
                        + "<IsTruncated>false</IsTruncated></ListBucketResult>";
            }
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            if (exchange.getRequestMethod().equals("HEAD") || body.length == 0) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Regression: every listing asked the bucket for its whole catalog again. */
    @Test
    @Timeout(30)
    void manyListingsWithinTheRefreshIntervalListTheBucketOnce() throws Exception {
        AtomicInteger listings = new AtomicInteger();
        HttpServer server = emptyStore(listings);
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        Clock frozen = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        Bucket bucket = new Bucket(new S3Settings(endpoint, "key", "secret", "sermons"),
                Resilient.builder("t").maxAttempts(1).build(), Resilient.builder("t-reads").maxAttempts(1).build(), frozen,
                dir.resolve("outbox"), () -> 1, 0);
        S3Sermons sermons = new S3Sermons(dir, frozen, bucket, Duration.ofMillis(50), new KeptCopies(dir, KeptCopies.Policy.NONE, () -> Long.MAX_VALUE, frozen));
        try {
            sermons.open();
            sermons.list(); // loads the catalog: the first listing of the bucket
            for (int i = 0; i < 50; i++) {
                sermons.list();
                Thread.sleep(10); // gives the outbox thread the chance to refresh after each, as the old code did
            }
            while (listings.get() < 2) {
                Thread.sleep(10);
            }
            assertEquals(2, listings.get(), "the load, then one refresh for the fifty listings");
        } finally {
            sermons.close();
            server.stop(0);
        }
    }
}
