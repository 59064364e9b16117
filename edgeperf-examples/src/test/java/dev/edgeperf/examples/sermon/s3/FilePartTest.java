package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A part's body as the connection receives it: exactly the region, chunk by chunk, each paced first. */
class FilePartTest {
    @TempDir
    Path dir;

    private Path file(int size) throws Exception {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return Files.write(dir.resolve("part.bin"), bytes);
    }

    @Test
    void writesExactlyTheRegion() throws Exception {
        Path file = file(1 << 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FilePart(file, 100_000, 300_000, FilePart.Pacer.NONE).writeTo(out);
        assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(file), 100_000, 400_000), out.toByteArray());
    }

    @Test
    void aFileShorterThanThePartFailsTheWriteRatherThanSendAShortBody() throws Exception {
        Path file = file(1000);
        assertThrows(EOFException.class, () -> new FilePart(file, 0, 5000, FilePart.Pacer.NONE)
                .writeTo(OutputStream.nullOutputStream()));
    }

    @Test
    void eachWriteReadsTheRegionAgain() throws Exception {
        Path file = file(10_000);
        FilePart part = new FilePart(file, 0, 10_000, FilePart.Pacer.NONE);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        part.writeTo(first);
        part.writeTo(second);
        assertArrayEquals(first.toByteArray(), second.toByteArray());
        assertEquals(10_000, second.size());
    }

    /** The shipping cap's wiring: every chunk's bytes are paced before the chunk is read and written. */
    @Test
    void everyChunkIsPacedBeforeItIsWritten() throws Exception {
        Path file = file(300_000);
        List<String> events = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("written in chunks, never byte by byte");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                events.add("sent " + len);
            }
        };
        new FilePart(file, 0, 300_000, bytes -> events.add("paced " + bytes)).writeTo(out);
        assertEquals(List.of("paced 131072", "sent 131072", "paced 131072", "sent 131072", "paced 37856", "sent 37856"),
                events);
    }
}
