package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunk a copy without a chunkSize reads with follows the kind of source. */
class ChunkSizesTest {
    @TempDir
    Path dir;

    @Test
    void aFileStreamReadsInLargeChunks() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[1]);
        try (InputStream a = new FileInputStream(file.toFile()); InputStream b = Files.newInputStream(file)) {
            assertEquals(ChunkSizes.SYSTEM_CALL_CHUNK, ChunkSizes.forSource(a));
            assertEquals(ChunkSizes.SYSTEM_CALL_CHUNK, ChunkSizes.forSource(b), b.getClass().getName());
        }
    }

    @Test
    void aSocketStreamReadsInLargeChunks() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback); Socket client = new Socket(loopback, server.getLocalPort());
                Socket accepted = server.accept()) {
            InputStream in = client.getInputStream();
            assertEquals(ChunkSizes.SYSTEM_CALL_CHUNK, ChunkSizes.forSource(in), in.getClass().getName());
        }
    }

    @Test
    void streamsThatCopyFromMemoryReadInCacheSizedChunks() {
        InputStream memory = new ByteArrayInputStream(new byte[1]);
        assertEquals(ChunkSizes.MEMORY_CHUNK, ChunkSizes.forSource(memory));
        assertEquals(ChunkSizes.MEMORY_CHUNK, ChunkSizes.forSource(new BufferedInputStream(memory)));
    }
}
