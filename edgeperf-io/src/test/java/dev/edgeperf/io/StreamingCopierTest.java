package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.pools.BufferPool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingCopierTest {
    private final BufferPool pool = BufferPool.heap().name("test").trimAfterIdle(Duration.ZERO).build();

    @AfterEach
    void everyBufferWentBack() {
        assertEquals(0, pool.stats().total().inUse(), "buffers still leased");
        pool.close();
    }

    private StreamingCopierBuilder copier() {
        return StreamingCopier.builder().bufferPool(pool);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 32767, 32768, 32769, 1048575, 1048576, 1048577, 5 << 20})
    void copiesEveryByteAndHashesLikeTheJdk(int size) throws IOException {
        byte[] data = TestData.random(size, size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyResult result = copier().digests(HashAlgorithm.SHA_256).build().copy(new ByteArrayInputStream(data), out);
        assertArrayEquals(data, out.toByteArray());
        assertEquals(size, result.bytes());
        assertEquals(TestData.jdkHex("SHA-256", data), result.digests().get(HashAlgorithm.SHA_256).hex());
    }

    @Test
    void computesSeveralDigestsInOnePass() throws IOException {
        byte[] data = TestData.random(100_003, 1);
        Digests d = copier().digests(HashAlgorithm.SHA_256, HashAlgorithm.MD5, HashAlgorithm.SHA_1,
                HashAlgorithm.SHA_512, HashAlgorithm.CRC32C).build()
                .copy(new ByteArrayInputStream(data), OutputStream.nullOutputStream()).digests();
        assertEquals(TestData.jdkHex("SHA-256", data), d.get(HashAlgorithm.SHA_256).hex());
        assertEquals(TestData.jdkHex("MD5", data), d.get(HashAlgorithm.MD5).hex());
        assertEquals(TestData.jdkHex("SHA-1", data), d.get(HashAlgorithm.SHA_1).hex());
        assertEquals(TestData.jdkHex("SHA-512", data), d.get(HashAlgorithm.SHA_512).hex());
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertEquals(String.format("%08x", crc.getValue()), d.get(HashAlgorithm.CRC32C).hex());
    }

    @Test
    void theBufferIsSizedByTheDeclaredLength() throws IOException {
        copier().build().copy(new ByteArrayInputStream(new byte[100]), OutputStream.nullOutputStream(),
                CopyOptions.expecting(100));
        assertEquals(1, pool.stats().tiers().get(0).acquires(), "the 4 KiB tier served a 100-byte copy");
    }

    @Test
    void maxBytesFailsBeforeAByteBeyondTheLimitIsWritten() {
        byte[] data = TestData.random(10_000, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamingCopier copier = copier().maxBytes(5000).build();
        SizeLimitExceededException e = assertThrows(SizeLimitExceededException.class,
                () -> copier.copy(new ByteArrayInputStream(data), out));
        assertEquals(5000, e.limit());
        assertTrue(out.size() <= 5000, "wrote " + out.size());
        assertTrue(e.getMessage().contains("5000"), e.getMessage());
    }

    @Test
    void aSourceExactlyAtTheLimitIsCopied() throws IOException {
        byte[] data = TestData.random(5000, 3);
        assertEquals(5000, copier().maxBytes(5000).build()
                .copy(new ByteArrayInputStream(data), OutputStream.nullOutputStream()).bytes());
    }

    @Test
    void aSourceShorterThanDeclaredFailsNamingBothCounts() {
        StreamingCopier copier = copier().build();
        EOFException e = assertThrows(EOFException.class, () -> copier.copy(new ByteArrayInputStream(new byte[10]),
                OutputStream.nullOutputStream(), CopyOptions.expecting(20)));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("20"), e.getMessage());
    }

    @Test
    void aSourceLongerThanDeclaredFailsBeforeWritingTheExtra() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamingCopier copier = copier().build();
        SizeLimitExceededException e = assertThrows(SizeLimitExceededException.class,
                () -> copier.copy(new ByteArrayInputStream(new byte[30]), out, CopyOptions.expecting(20)));
        assertEquals(20, e.limit());
        assertTrue(out.size() <= 20);
    }

    @Test
    void aFailingSourceReturnsTheBufferAndPropagatesTheError() {
        StreamingCopier copier = copier().build();
        IOException e = assertThrows(IOException.class,
                () -> copier.copy(TestData.failingAfter(new byte[10]), OutputStream.nullOutputStream()));
        assertEquals("connection reset", e.getMessage());
    }

    @Test
    void cancellingStopsTheCopyWithinOneChunk() {
        CancelHandle cancel = new CancelHandle();
        int[] reads = {0};
        InputStream source = new FilterInputStream(TestData.generated(1L << 30)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads[0] == 3) {
                    cancel.cancel();
                }
                return super.read(b, off, len);
            }
        };
        StreamingCopier copier = copier().build();
        CopyCancelledException e = assertThrows(CopyCancelledException.class,
                () -> copier.copy(source, OutputStream.nullOutputStream(), CopyOptions.NONE.withCancel(cancel)));
        assertEquals(3, reads[0]);
        assertTrue(e.bytesCopied() > 0 && e.bytesCopied() < 1L << 30);
    }

    @Test
    void anInterruptStopsTheCopyAndStaysSet() {
        StreamingCopier copier = copier().build();
        Thread.currentThread().interrupt();
        try {
            assertThrows(CopyCancelledException.class,
                    () -> copier.copy(TestData.generated(1 << 20), OutputStream.nullOutputStream()));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void progressIsReportedAtMostOncePerIntervalAndOnceAtTheEnd() throws IOException {
        FakeClock clock = new FakeClock();
        List<Progress> reports = new ArrayList<>();
        InputStream source = new FilterInputStream(TestData.generated(100 * 4096)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                clock.advance(Duration.ofMillis(100).toNanos());
                return super.read(b, off, Math.min(len, 4096));
            }
        };
        copier().ticker(clock).progressInterval(Duration.ofSeconds(1)).build()
                .copy(source, OutputStream.nullOutputStream(), CopyOptions.expecting(100 * 4096).withProgress(reports::add));
        // 101 reads of 100 ms: one report per second of the 10.1 s, plus the final one.
        assertEquals(11, reports.size());
        Progress last = reports.get(reports.size() - 1);
        assertTrue(last.done());
        assertEquals(100 * 4096, last.bytesDone());
        assertEquals(1.0, last.fraction());
        Progress first = reports.get(0);
        assertEquals(Duration.ofSeconds(1), first.elapsed());
        assertEquals(Duration.ofSeconds(9), first.eta().orElseThrow());
    }

    @Test
    void aThrottledCopyTakesWhatTheRateSays() throws IOException {
        FakeClock clock = new FakeClock();
        Throttle throttle = new Throttle(1 << 20, 100 << 10, clock, clock);
        long start = clock.getAsLong();
        copier().throttle(throttle).ticker(clock).build()
                .copy(TestData.generated(5L << 20), OutputStream.nullOutputStream());
        double seconds = (clock.getAsLong() - start) / 1e9;
        assertEquals(5.0, seconds, 0.5, "5 MiB at 1 MiB/s");
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copier().maxBytes(0));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CopyOptions.expecting(-1));
        try (BufferPool direct = BufferPool.direct().trimAfterIdle(Duration.ZERO).build()) {
            e = assertThrows(IllegalArgumentException.class, () -> StreamingCopier.builder().bufferPool(direct));
            assertTrue(e.getMessage().contains("direct"), e.getMessage());
        }
    }
}
