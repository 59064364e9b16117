package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingHasherTest {
    private static final byte[] DATA = TestData.random(300_001, 9);

    @Test
    void hashesAFileAStreamAndAChannelAlike(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("a.wav"), DATA);
        StreamingHasher hasher = StreamingHasher.sha256();
        String expected = TestData.jdkHex("SHA-256", DATA);
        assertEquals(expected, hasher.hash(file).get(HashAlgorithm.SHA_256).hex());
        assertEquals(expected, hasher.hash(new ByteArrayInputStream(DATA)).get(HashAlgorithm.SHA_256).hex());
        assertEquals(expected, hasher.hash(Channels.newChannel(new ByteArrayInputStream(DATA)))
                .get(HashAlgorithm.SHA_256).hex());
    }

    @Test
    void aDigestKnowsItsLengthAndEncodings() throws IOException {
        Digest d = StreamingHasher.of(HashAlgorithm.MD5).hash(new ByteArrayInputStream(DATA)).get(HashAlgorithm.MD5);
        assertEquals(DATA.length, d.length());
        assertEquals(16, d.bytes().length);
        assertEquals(Base64.getEncoder().encodeToString(d.bytes()), d.base64());
        assertEquals(d, Digest.ofBase64(HashAlgorithm.MD5, d.base64()));
        assertEquals(d, Digest.ofHex(HashAlgorithm.MD5, d.hex().toUpperCase()));
        assertEquals(-1, Digest.ofHex(HashAlgorithm.MD5, d.hex()).length());
        assertNotEquals(d, Digest.ofHex(HashAlgorithm.MD5, "00".repeat(16)));
    }

    @Test
    void askingForADigestNotComputedNamesTheOnesThatWere() throws IOException {
        Digests d = StreamingHasher.sha256().hash(new ByteArrayInputStream(DATA));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.get(HashAlgorithm.MD5));
        assertTrue(e.getMessage().contains("SHA_256"), e.getMessage());
    }

    @Test
    void malformedDigestsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Digest.ofHex(HashAlgorithm.SHA_256, "abc"));
        assertTrue(e.getMessage().contains("abc"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Digest.ofHex(HashAlgorithm.SHA_256, "abcd"));
        assertTrue(e.getMessage().contains("2 bytes") && e.getMessage().contains("32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Digest.ofBase64(HashAlgorithm.SHA_1, "!!"));
    }

    @Test
    void algorithmsAreFoundByTheirProtocolNames() {
        assertEquals(HashAlgorithm.SHA_256, HashAlgorithm.fromName("sha256"));
        assertEquals(HashAlgorithm.SHA_1, HashAlgorithm.fromName("SHA-1"));
        assertEquals(HashAlgorithm.CRC32C, HashAlgorithm.fromName("crc32c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HashAlgorithm.fromName("whirlpool"));
        assertTrue(e.getMessage().contains("whirlpool") && e.getMessage().contains("SHA-256"), e.getMessage());
    }
}
