package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.FilesHandler;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may read what: reads need a token by default, tickets open one download, failed logins are limited. */
class AccessTest {
    @TempDir
    Path dir;

    private static void put(TestService s, String name, long seed) throws Exception {
        assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + name)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, seed))).build()).statusCode());
    }

    @Test
    void readsNeedTheTokenByDefaultWhileThePageAndHealthStayPublic() throws Exception {
        try (TestService s = TestService.start(dir)) {
            put(s, "a.wav", 1);
            for (String path : new String[] {"/api/files", "/api/files/a.wav", "/api/health/detailed", "/api/metrics",
                "/api/stats/pools", "/api/memory/status"}) {
                assertEquals(401, s.getAnonymously(path).statusCode(), path);
                assertEquals(200, s.get(path).statusCode(), path);
            }
            assertEquals(200, s.getAnonymously("/health").statusCode());
            assertEquals(200, s.getAnonymously("/").statusCode());
        }
    }

    @Test
    void withReadAccessPublicAnyoneListsButTheUploadersAddressIsNeverShown() throws Exception {
        try (TestService s = TestService.start(dir, "READ_ACCESS", "public")) {
            put(s, "a.wav", 2);
            HttpResponse<String> listing = s.getAnonymously("/api/files");
            assertEquals(200, listing.statusCode());
            assertEquals(1, Json.MAPPER.readTree(listing.body()).get("count").asInt());
            assertFalse(listing.body().contains("client") || listing.body().contains("127.0.0.1"), listing.body());
            assertEquals(401, s.send(HttpRequest.newBuilder(s.uri(UploadHandler.PUT_PATH + "b.wav"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, 3))).build()).statusCode(), "writes still");
        }
    }

    @Test
    void detailedHealthShowsNoAbsolutePaths() throws Exception {
        try (TestService s = TestService.start(dir)) {
            String body = s.get("/api/health/detailed").body();
            assertFalse(body.contains(dir.toAbsolutePath().toString()), body);
        }
    }

    @Test
    void aTicketOpensItsOwnSermonOnlyWithoutTheToken() throws Exception {
        try (TestService s = TestService.start(dir)) {
            put(s, "a.wav", 4);
            put(s, "b.wav", 5);
            HttpResponse<String> ticket = s.send(s.request(FilesHandler.TICKET_PATH + "a.wav")
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, ticket.statusCode(), ticket.body());
            String url = Json.MAPPER.readTree(ticket.body()).get("url").asText();
            assertTrue(url.startsWith("/api/files/a.wav?ticket="), url);

            assertEquals(200, s.getAnonymously(url).statusCode());
            assertEquals(401, s.getAnonymously(url.replace("a.wav", "b.wav")).statusCode(), "not another sermon");
            assertEquals(401, s.send(HttpRequest.newBuilder(s.uri(FilesHandler.TICKET_PATH + "a.wav"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode(), "tickets need the token");
        }
    }

    @Test
    void afterTooManyFailedLoginsAnAddressGets429EvenWithTheRightToken() throws Exception {
        try (TestService s = TestService.start(dir)) {
            HttpResponse<String> r = null;
            for (int i = 0; i < 30 && (r == null || r.statusCode() == 401); i++) {
                r = s.send(HttpRequest.newBuilder(s.uri("/api/files")).header("Authorization", "Bearer wrong-guess-" + i)
                        .GET().build());
            }
            assertEquals(429, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            assertEquals(429, s.get("/api/files").statusCode(), "the right token is not even checked");
        }
    }
}
