package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.Role;
import dev.edgeperf.examples.sermon.http.TokenEntry;
import dev.edgeperf.examples.sermon.http.TokenFile;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin deletes, renames and describes sermons on the local store; others may not. */
class AdminActionsTest {
    private static final String READER = "reader-value-0123456789abcdefghijkl";

    @TempDir
    Path dir;

    static byte[] store(TestService s, String name, long seed) throws Exception {
        byte[] wav = Wavs.bytes(20_000, seed);
        assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + name).PUT(HttpRequest.BodyPublishers.ofByteArray(wav))
                .build()).statusCode());
        return wav;
    }

    static HttpResponse<String> delete(TestService s, String name) throws Exception {
        return s.send(s.request("/api/files/" + name).DELETE().build());
    }

    static HttpResponse<String> patch(TestService s, String name, String json) throws Exception {
        return s.send(s.request("/api/files/" + name).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static JsonNode files(TestService s) throws Exception {
        return Json.MAPPER.readTree(s.get("/api/files").body()).get("files");
    }

    static String error(HttpResponse<String> answer) throws Exception {
        return Json.MAPPER.readTree(answer.body()).get("error").asText();
    }

    @Test
    void aDeletedSermonIsGoneFromTheListTheDiskAndIsCounted() throws Exception {
        try (TestService s = TestService.start(dir)) {
            store(s, "sunday.wav", 1);
            HttpResponse<String> answer = delete(s, "sunday.wav");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("sunday.wav", Json.MAPPER.readTree(answer.body()).get("deleted").get("name").asText());
            assertEquals(0, files(s).size());
            assertFalse(Files.exists(dir.resolve("sermons/sunday.wav")));
            assertFalse(Files.exists(dir.resolve("metadata/sunday.wav.json")));
            assertTrue(s.get("/api/metrics").body().contains("sermon_admin_changes_total{action=\"delete\"} 1.0"));
        }
    }

    @Test
    void aTokenWithoutTheAdminRoleCannotDeleteAndIsToldWhichRoleItNeeds() throws Exception {
        TokenFile.write(dir.resolve(TokenFile.NAME), List.of(TokenEntry.of("deacon", EnumSet.of(Role.READ, Role.UPLOAD),
                READER, Instant.parse("2026-12-02T09:00:00Z"))));
        try (TestService s = TestService.start(dir)) {
            store(s, "sunday.wav", 1);
            HttpResponse<String> answer = s.send(HttpRequest.newBuilder(s.uri("/api/files/sunday.wav"))
                    .header("Authorization", "Bearer " + READER).DELETE().build());
            assertEquals(403, answer.statusCode());
            assertEquals("admin", Json.MAPPER.readTree(answer.body()).get("required_role").asText());
            assertTrue(Files.exists(dir.resolve("sermons/sunday.wav")));
        }
    }

    @Test
    void aRenameMovesTheSermonAndItsDownload() throws Exception {
        try (TestService s = TestService.start(dir)) {
            byte[] wav = store(s, "sunday.wav", 1);
            HttpResponse<String> answer = patch(s, "sunday.wav", "{\"name\": \"Easter Sunday.wav\"}");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("Easter Sunday.wav", Json.MAPPER.readTree(answer.body()).get("name").asText());
            HttpResponse<byte[]> download = s.http.send(s.request("/api/files/Easter%20Sunday.wav").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(wav, download.body());
            assertEquals(404, s.get("/api/files/sunday.wav").statusCode());
            assertEquals(1, files(s).size());
            assertEquals("Easter Sunday.wav", files(s).get(0).get("name").asText());
        }
    }

    @Test
    void aRenameToATakenNameIs409AndChangesNothing() throws Exception {
        try (TestService s = TestService.start(dir)) {
            store(s, "a.wav", 1);
            store(s, "b.wav", 2);
            HttpResponse<String> answer = patch(s, "a.wav", "{\"name\": \"b.wav\"}");
            assertEquals(409, answer.statusCode());
            assertTrue(error(answer).contains("'b.wav'"), answer.body());
            assertEquals(Wavs.sha256(Wavs.bytes(20_000, 1)), Wavs.sha256(Files.readAllBytes(dir.resolve("sermons/a.wav"))));
            assertEquals(Wavs.sha256(Wavs.bytes(20_000, 2)), Wavs.sha256(Files.readAllBytes(dir.resolve("sermons/b.wav"))));
        }
    }

    @Test
    void aRenameToAnUnsafeNameIs400NamingASafeOne() throws Exception {
        try (TestService s = TestService.start(dir)) {
            store(s, "a.wav", 1);
            HttpResponse<String> answer = patch(s, "a.wav", "{\"name\": \"../upload-token.wav\"}");
            assertEquals(400, answer.statusCode());
            assertTrue(error(answer).contains("for example 'upload-token.wav'"), answer.body());
            assertTrue(Files.exists(dir.resolve("sermons/a.wav")));
        }
    }

    @Test
    void aRenameThatChangesTheExtensionIs400() throws Exception {
        try (TestService s = TestService.start(dir)) {
            store(s, "a.wav", 1);
            HttpResponse<String> answer = patch(s, "a.wav", "{\"name\": \"a.mp3\"}");
            assertEquals(400, answer.statusCode());
            assertTrue(error(answer).contains("keeps '.wav'"), answer.body());
        }
    }

    @Test
    void detailsAreKeptInTheSidecarListedAndSurviveARestart() throws Exception {
        String details = "{\"details\": {\"title\": \"Grace\", \"speaker\": \"Rev. Müller\", \"date\": \"2026-11-29\","
                + " \"series\": \"Advent\", \"notes\": \"first of four\\nwith choir\"}}";
        try (TestService s = TestService.start(dir)) {
            store(s, "a.wav", 1);
            assertEquals(200, patch(s, "a.wav", details).statusCode());
        }
        try (TestService s = TestService.start(dir)) {
            JsonNode listed = files(s).get(0).get("details");
            assertEquals("Grace", listed.get("title").asText());
            assertEquals("Rev. Müller", listed.get("speaker").asText());
            assertEquals("2026-11-29", listed.get("date").asText());
            assertEquals("Advent", listed.get("series").asText());
            assertEquals("first of four\nwith choir", listed.get("notes").asText());
        }
    }

    @Test
    void aDateThatIsNotADayIs400NamingTheFieldAndChangesNothing() throws Exception {
        try (TestService s = TestService.start(dir)) {
            store(s, "a.wav", 1);
            HttpResponse<String> answer = patch(s, "a.wav", "{\"name\": \"b.wav\", \"details\": {\"date\": \"29/11/2026\"}}");
            assertEquals(400, answer.statusCode());
            assertTrue(error(answer).contains("date '29/11/2026' is not a day as yyyy-MM-dd"), answer.body());
            assertTrue(Files.exists(dir.resolve("sermons/a.wav")), "the rename asked for with it is not made either");
        }
    }

    @Test
    void aTitleOverTheLimitIs400NamingTheLimit() throws Exception {
        try (TestService s = TestService.start(dir)) {
            store(s, "a.wav", 1);
            HttpResponse<String> answer = patch(s, "a.wav", "{\"details\": {\"title\": \"" + "x".repeat(201) + "\"}}");
            assertEquals(400, answer.statusCode());
            assertTrue(error(answer).contains("title has 201 characters; at most 200"), answer.body());
        }
    }

    @Test
    void anUnknownFieldIs400NamingTheAllowedOnes() throws Exception {
        try (TestService s = TestService.start(dir)) {
            store(s, "a.wav", 1);
            HttpResponse<String> answer = patch(s, "a.wav", "{\"details\": {\"preacher\": \"x\"}}");
            assertEquals(400, answer.statusCode());
            assertTrue(error(answer).contains("allowed: title, speaker, date, series, notes"), answer.body());
        }
    }

    @Test
    void changingASermonThatIsNotThereIs404() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(404, delete(s, "nothing.wav").statusCode());
            assertEquals(404, patch(s, "nothing.wav", "{\"name\": \"other.wav\"}").statusCode());
        }
    }

    @Test
    void meNamesTheTokenAndItsRoles() throws Exception {
        TokenFile.write(dir.resolve(TokenFile.NAME), List.of(TokenEntry.of("deacon", EnumSet.of(Role.READ), READER,
                Instant.parse("2026-12-02T09:00:00Z"))));
        try (TestService s = TestService.start(dir)) {
            JsonNode me = Json.MAPPER.readTree(s.send(HttpRequest.newBuilder(s.uri("/api/me"))
                    .header("Authorization", "Bearer " + READER).GET().build()).body());
            assertEquals("deacon", me.get("name").asText());
            assertEquals("[\"read\"]", me.get("roles").toString());
            assertEquals(401, s.getAnonymously("/api/me").statusCode());
        }
    }
}
