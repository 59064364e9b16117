package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.Role;
import dev.edgeperf.examples.sermon.http.TokenEntry;
import dev.edgeperf.examples.sermon.http.TokenFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sermon-uploader token}: the operator's named tokens, on the data directory. */
class TokenCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int token(String... args) {
        out.reset();
        err.reset();
        return new TokenCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC))
                .run(List.of(args), Map.of("DATA_DIR", dir.toString()));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The value {@code add} or {@code rotate} printed: the last word of its line. */
    private String printedValue() {
        String line = out().strip();
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    @Test
    void addPrintsTheValueOnceAndTheFileHoldsOnlyItsHash() throws Exception {
        assertEquals(0, token("add", "office-pc"));
        String value = printedValue();
        assertTrue(value.length() >= 43, out());
        assertEquals(List.of(TokenEntry.of("office-pc", EnumSet.of(Role.UPLOAD), value, NOW)),
                TokenFile.read(dir.resolve(TokenFile.NAME)));
        assertFalse(Files.readString(dir.resolve(TokenFile.NAME)).contains(value));
        assertEquals(0, token("list"));
        assertTrue(out().contains("office-pc  upload  created 2026-12-02T10:00:00Z"), out());
        assertFalse(out().contains(value), "list never shows a value");
    }

    @Test
    void addTakesRolesAndRefusesAnUnknownOneOrATakenName() throws Exception {
        assertEquals(0, token("add", "deacon", "--role=read,admin"));
        assertEquals(EnumSet.of(Role.READ, Role.ADMIN), TokenFile.read(dir.resolve(TokenFile.NAME)).get(0).roles());
        assertEquals(1, token("add", "deacon"));
        assertTrue(err().contains("a token named deacon exists"), err());
        assertEquals(2, token("add", "pastor", "--role=owner"));
        assertTrue(err().contains("role 'owner' is not one of upload, read, admin"), err());
        assertEquals(1, TokenFile.read(dir.resolve(TokenFile.NAME)).size(), "nothing was written");
    }

    @Test
    void revokeRemovesTheTokenAndAnUnknownNameIsRefused() throws Exception {
        token("add", "office-pc");
        assertEquals(0, token("revoke", "office-pc"));
        assertEquals(List.of(), TokenFile.read(dir.resolve(TokenFile.NAME)));
        assertEquals(1, token("revoke", "office-pc"));
        assertTrue(err().contains("no token is named office-pc"), err());
    }

    @Test
    void rotateGivesANewValueAndKeepsTheRoles() throws Exception {
        token("add", "office-pc", "--role=upload,read");
        String old = printedValue();
        assertEquals(0, token("rotate", "office-pc"));
        String fresh = printedValue();
        TokenEntry entry = TokenFile.read(dir.resolve(TokenFile.NAME)).get(0);
        assertEquals(TokenEntry.of("office-pc", EnumSet.of(Role.UPLOAD, Role.READ), fresh, NOW), entry);
        assertFalse(fresh.equals(old));
    }

    @Test
    void aUsageErrorExitsWith2() {
        assertEquals(2, token());
        assertEquals(2, token("grant", "x"));
        assertTrue(err().startsWith("usage: sermon-uploader token"), err());
    }
}
