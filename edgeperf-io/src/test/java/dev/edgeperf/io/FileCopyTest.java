package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.pools.BufferPool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCopyTest {
    @TempDir
    Path dir;

    private final BufferPool pool = BufferPool.heap().name("test").trimAfterIdle(Duration.ZERO).build();

    @AfterEach
    void everyBufferWentBack() {
        assertEquals(0, pool.stats().total().inUse(), "buffers still leased");
        pool.close();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fileToFileMovesTheBytesInTheKernel() throws IOException {
        byte[] data = TestData.random(3 << 20, 1);
        Path source = file("a.wav", data);
        CopyResult result = StreamingCopier.builder().bufferPool(pool).build()
                .copy(source, dir.resolve("b.wav"), CopyOptions.NONE);
        assertTrue(result.zeroCopy());
        assertEquals(data.length, result.bytes());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("b.wav")));
        assertEquals(List.of("a.wav", "b.wav"), names());
    }

    @Test
    void fileToFileWithADigestHashesOnTheWay() throws IOException {
        byte[] data = TestData.random(1 << 20, 2);
        Path source = file("a.wav", data);
        CopyResult result = StreamingCopier.builder().bufferPool(pool).digests(HashAlgorithm.SHA_256).fsync(true).build()
                .copy(source, dir.resolve("b.wav"), CopyOptions.NONE);
        assertFalse(result.zeroCopy());
        assertEquals(TestData.jdkHex("SHA-256", data), result.digests().get(HashAlgorithm.SHA_256).hex());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("b.wav")));
    }

    @Test
    void aFailedFileCopyLeavesNothingBehind() throws IOException {
        Path source = file("a.wav", TestData.random(10_000, 3));
        StreamingCopier copier = StreamingCopier.builder().bufferPool(pool).maxBytes(5000).build();
        assertThrows(SizeLimitExceededException.class, () -> copier.copy(source, dir.resolve("b.wav"), CopyOptions.NONE));
        assertEquals(List.of("a.wav"), names(), "no target and no temporary file");
    }

    @Test
    void anExistingTargetIsNotReplaced() throws IOException {
        Path source = file("a.wav", new byte[10]);
        Path target = file("b.wav", new byte[] {1});
        StreamingCopier copier = StreamingCopier.builder().bufferPool(pool).build();
        assertThrows(FileAlreadyExistsException.class, () -> copier.copy(source, target, CopyOptions.NONE));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
        assertEquals(List.of("a.wav", "b.wav"), names());
    }

    @Test
    void aStreamIntoAFileChannelUsesTransferFrom() throws IOException {
        byte[] data = TestData.random(100_000, 4);
        Path target = dir.resolve("t.bin");
        try (ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(data));
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CopyResult result = StreamingCopier.builder().bufferPool(pool).build().copy(in, out);
            assertTrue(result.zeroCopy());
            assertEquals(data.length, out.position());
        }
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void transferFromStopsAtTheLimitWithoutWritingBeyondIt() throws IOException {
        Path target = dir.resolve("t.bin");
        try (ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(new byte[10_000]));
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            StreamingCopier copier = StreamingCopier.builder().bufferPool(pool).maxBytes(4000).build();
            assertThrows(SizeLimitExceededException.class, () -> copier.copy(in, out));
        }
        assertEquals(4000, Files.size(target));
    }

    @Test
    void aFileSourceLargerThanTheLimitFailsBeforeCopying() throws IOException {
        Path source = file("a.wav", new byte[10_000]);
        try (FileChannel in = FileChannel.open(source)) {
            StreamingCopier copier = StreamingCopier.builder().bufferPool(pool).maxBytes(4000).build();
            CountingOutputStream out = new CountingOutputStream(java.io.OutputStream.nullOutputStream());
            assertThrows(SizeLimitExceededException.class, () -> copier.copy(in, Channels.newChannel(out)));
            assertEquals(0, out.count());
        }
    }

    @Test
    void aMissingSourceIsNamed() {
        Path missing = dir.resolve("missing.wav");
        StreamingCopier copier = StreamingCopier.builder().bufferPool(pool).build();
        IOException e = assertThrows(IOException.class, () -> copier.copy(missing, dir.resolve("b"), CopyOptions.NONE));
        assertTrue(e.getMessage().contains("missing.wav"), e.getMessage());
    }
}
