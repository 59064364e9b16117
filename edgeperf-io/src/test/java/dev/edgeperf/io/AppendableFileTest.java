package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendableFileTest {
    @TempDir
    Path dir;

    private static Digest sha256(byte[] data) {
        return Digest.ofHex(HashAlgorithm.SHA_256, TestData.jdkHex("SHA-256", data));
    }

    @Test
    void appendsAcrossCallsHashEverythingOnce() throws IOException {
        byte[] data = TestData.random(300_000, 2);
        try (AppendableFile file = AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256)) {
            file.outputStream().write(data, 0, 100_000);
            assertEquals(sha256(Arrays.copyOf(data, 100_000)), file.digest(), "digest mid-way");
            file.outputStream().write(data, 100_000, 200_000);
            assertEquals(300_000, file.length());
            assertEquals(sha256(data), file.digest());
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("u.bin")));
    }

    @Test
    void rollbackDiscardsBytesAndDigestState() throws IOException {
        byte[] data = TestData.random(50_000, 3);
        try (AppendableFile file = AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256)) {
            file.outputStream().write(data, 0, 20_000);
            AppendableFile.Checkpoint before = file.checkpoint();
            file.outputStream().write(TestData.random(7_000, 4));
            file.rollback(before);
            assertEquals(20_000, file.length());
            file.outputStream().write(data, 20_000, 30_000);
            assertEquals(sha256(data), file.digest());
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("u.bin")));
    }

    @Test
    void openCutsUnacknowledgedBytesAndResumesTheDigest() throws IOException {
        byte[] data = TestData.random(400_000, 5);
        Path path = dir.resolve("u.bin");
        Files.write(path, Arrays.copyOf(data, 250_000));
        try (AppendableFile file = AppendableFile.open(path, 200_000, HashAlgorithm.SHA_256)) {
            assertEquals(200_000, Files.size(path), "bytes past the acknowledged length are cut off");
            file.outputStream().write(data, 200_000, 200_000);
            assertEquals(sha256(data), file.digest());
        }
    }

    @Test
    void openRefusesAFileShorterThanItsLength() throws IOException {
        Path path = dir.resolve("u.bin");
        Files.write(path, new byte[10]);
        EOFException e = assertThrows(EOFException.class, () -> AppendableFile.open(path, 11, HashAlgorithm.SHA_256));
        assertEquals(path + " holds 10 bytes, fewer than the 11 expected", e.getMessage());
    }

    @Test
    void createRefusesAnExistingFile() throws IOException {
        Path path = dir.resolve("u.bin");
        Files.write(path, new byte[1]);
        assertThrows(FileAlreadyExistsException.class, () -> AppendableFile.create(path, HashAlgorithm.SHA_256));
    }

    @Test
    void crc32cIsRefusedBecauseItCannotBeCheckpointed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.CRC32C));
        assertEquals("CRC32C cannot be checkpointed: allowed SHA-256, SHA-1, SHA-512, MD5", e.getMessage());
    }

    @Test
    void checkpointOfAnotherFileIsRefused() throws IOException {
        try (AppendableFile a = AppendableFile.create(dir.resolve("a"), HashAlgorithm.SHA_256);
                AppendableFile b = AppendableFile.create(dir.resolve("b"), HashAlgorithm.SHA_256)) {
            assertThrows(IllegalArgumentException.class, () -> a.rollback(b.checkpoint()));
        }
    }
}
