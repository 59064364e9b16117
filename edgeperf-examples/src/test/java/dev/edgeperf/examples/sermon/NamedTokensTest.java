package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.Role;
import dev.edgeperf.examples.sermon.http.TokenEntry;
import dev.edgeperf.examples.sermon.http.TokenFile;
import dev.edgeperf.examples.sermon.http.TokenFileException;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named tokens with roles, from DATA_DIR/tokens, taken without a restart; the install token may do everything. */
class NamedTokensTest {
    private static final String UPLOADER = "uploader-value-0123456789abcdefghij";
    private static final String READER = "reader-value-0123456789abcdefghijkl";
    private static final Instant T = Instant.parse("2026-12-02T09:00:00Z");

    @TempDir
    Path dir;

    private void tokens(TokenEntry... entries) throws Exception {
        TokenFile.write(dir.resolve(TokenFile.NAME), List.of(entries));
    }

    private static TokenEntry uploader() {
        return TokenEntry.of("office-pc", EnumSet.of(Role.UPLOAD), UPLOADER, T);
    }

    private static TokenEntry reader() {
        return TokenEntry.of("deacon", EnumSet.of(Role.READ), READER, T);
    }

    private static HttpResponse<String> get(TestService s, String path, String token) throws Exception {
        return s.send(HttpRequest.newBuilder(s.uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpResponse<String> put(TestService s, String name, String token) throws Exception {
        return s.send(HttpRequest.newBuilder(s.uri(UploadHandler.PUT_PATH + name)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, 5))).build());
    }

    @Test
    void anUploadTokenUploadsButCannotReadAndIsToldWhichRoleIsMissing() throws Exception {
        tokens(uploader());
        try (TestService s = TestService.start(dir)) {
            assertEquals(201, put(s, "a.wav", UPLOADER).statusCode());
            HttpResponse<String> list = get(s, "/api/files", UPLOADER);
            assertEquals(403, list.statusCode());
            JsonNode error = Json.MAPPER.readTree(list.body());
            assertEquals("read", error.get("required_role").asText(), list.body());
            assertTrue(error.get("error").asText().contains("'office-pc'"), list.body());
            assertFalse(list.body().contains(UPLOADER), "the token's value is never echoed");
        }
    }

    @Test
    void aReadTokenListsButCannotUpload() throws Exception {
        tokens(reader());
        try (TestService s = TestService.start(dir)) {
            assertEquals(200, get(s, "/api/files", READER).statusCode());
            HttpResponse<String> upload = put(s, "a.wav", READER);
            assertEquals(403, upload.statusCode());
            assertEquals("upload", Json.MAPPER.readTree(upload.body()).get("required_role").asText());
        }
    }

    @Test
    void theInstallTokenMayDoEverything() throws Exception {
        tokens(uploader());
        try (TestService s = TestService.start(dir)) {
            assertEquals(201, put(s, "a.wav", TestService.TOKEN).statusCode());
            assertEquals(200, get(s, "/api/files", TestService.TOKEN).statusCode());
        }
    }

    @Test
    void aTokenAddedOrRevokedWhileRunningCountsFromTheNextRequest() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(401, get(s, "/api/files", READER).statusCode());
            tokens(reader());
            assertEquals(200, get(s, "/api/files", READER).statusCode(), "added: no restart needed");
            tokens(uploader());
            HttpResponse<String> revoked = get(s, "/api/files", READER);
            assertEquals(401, revoked.statusCode(), "revoked");
            assertFalse(revoked.body().contains(READER), revoked.body());
        }
    }

    @Test
    void aTokensFileBrokenWhileRunningLeavesTheLastGoodTokensInForce() throws Exception {
        tokens(reader());
        try (TestService s = TestService.start(dir)) {
            assertEquals(200, get(s, "/api/files", READER).statusCode());
            Files.writeString(dir.resolve(TokenFile.NAME), "deacon read sha256:nothex 2026-12-02T09:00:00Z\n");
            assertEquals(200, get(s, "/api/files", READER).statusCode(), "the last good set stays");
            tokens(uploader());
            assertEquals(401, get(s, "/api/files", READER).statusCode(), "a good file is read again");
        }
    }

    @Test
    void malformedAndUnknownTokensGet401WithoutTheirValue() throws Exception {
        try (TestService s = TestService.start(dir)) {
            HttpResponse<String> unknown = get(s, "/api/files", "unknown-0123456789abcdefghijklmnop");
            assertEquals(401, unknown.statusCode());
            assertFalse(unknown.body().contains("unknown-0123456789"), unknown.body());
            HttpResponse<String> malformed = s.send(HttpRequest.newBuilder(s.uri("/api/files"))
                    .header("Authorization", "Basic c2VjcmV0").GET().build());
            assertEquals(401, malformed.statusCode());
            assertFalse(malformed.body().contains("c2VjcmV0"), malformed.body());
        }
    }

    @Test
    void aCorruptTokensFileStopsStartUpNamingTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve(TokenFile.NAME), "# comment\n\noffice-pc upload sha256:" + "0".repeat(64)
                + " 2026-12-02T09:00:00Z\nbroken line\n");
        TokenFileException e = assertThrows(TokenFileException.class, () -> TestService.start(dir));
        assertEquals(dir.resolve(TokenFile.NAME) + ":4: expected 4 fields (name roles sha256:<hex> created), found 2",
                e.getMessage());
    }

    @Test
    void theFileHoldsHashesNeverValuesAndIsPrivate() throws Exception {
        tokens(uploader(), reader());
        String text = Files.readString(dir.resolve(TokenFile.NAME));
        assertFalse(text.contains(UPLOADER) || text.contains(READER), text);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TokenFile.NAME))));
        assertEquals(List.of(uploader(), reader()), TokenFile.read(dir.resolve(TokenFile.NAME)));
    }

    @Test
    void aNameGivenTwiceOrAnUnknownRoleIsRefusedWithItsLine() throws Exception {
        List<String> lines = new ArrayList<>(List.of("a upload sha256:" + "1".repeat(64) + " 2026-12-02T09:00:00Z",
                "a read sha256:" + "2".repeat(64) + " 2026-12-02T09:00:00Z"));
        Files.write(dir.resolve(TokenFile.NAME), lines);
        assertTrue(assertThrows(TokenFileException.class, () -> TokenFile.read(dir.resolve(TokenFile.NAME))).getMessage()
                .endsWith(":2: the name 'a' is given twice"));
        Files.writeString(dir.resolve(TokenFile.NAME), "a owner sha256:" + "1".repeat(64) + " 2026-12-02T09:00:00Z\n");
        assertTrue(assertThrows(TokenFileException.class, () -> TokenFile.read(dir.resolve(TokenFile.NAME))).getMessage()
                .endsWith(":1: role 'owner' is not one of upload, read, admin"));
    }
}
