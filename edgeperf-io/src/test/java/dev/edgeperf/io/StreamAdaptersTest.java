package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAdaptersTest {
    private static final byte[] DATA = TestData.random(10_000, 5);

    @Test
    void countingStreamsCountReadsSkipsAndWrites() throws IOException {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(DATA));
        in.read();
        in.skip(999);
        in.read(new byte[500]);
        assertEquals(1500, in.count());
        CountingOutputStream out = new CountingOutputStream(OutputStream.nullOutputStream());
        out.write(1);
        out.write(DATA, 10, 200);
        assertEquals(201, out.count());
    }

    @Test
    void aBoundedInputStreamFailsInsteadOfReturningAByteBeyondItsLimit() throws IOException {
        InputStream in = new BoundedInputStream(new ByteArrayInputStream(DATA), 4000);
        byte[] first = in.readNBytes(4000);
        assertArrayEquals(java.util.Arrays.copyOf(DATA, 4000), first);
        SizeLimitExceededException e = assertThrows(SizeLimitExceededException.class, in::read);
        assertEquals(4000, e.limit());
    }

    @Test
    void aBoundedInputStreamAtItsLimitEndsNormally() throws IOException {
        InputStream in = new BoundedInputStream(new ByteArrayInputStream(DATA), DATA.length);
        assertArrayEquals(DATA, in.readAllBytes());
    }

    @Test
    void aBoundedOutputStreamRefusesAWritePastItsLimitWhole() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = new BoundedOutputStream(sink, 100);
        out.write(new byte[60]);
        assertThrows(SizeLimitExceededException.class, () -> out.write(new byte[41]));
        assertEquals(60, sink.size());
        out.write(new byte[40]);
        assertEquals(100, sink.size());
    }

    @Test
    void negativeLimitsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BoundedInputStream(InputStream.nullInputStream(), -3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoundedOutputStream(OutputStream.nullOutputStream(), -1));
    }

    @Test
    void hashingStreamsHashWhatPassesThrough() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(DATA), HashAlgorithm.SHA_256, HashAlgorithm.MD5);
        in.skip(10);
        in.readAllBytes();
        assertEquals(TestData.jdkHex("SHA-256", DATA), in.digests().get(HashAlgorithm.SHA_256).hex());
        assertEquals(TestData.jdkHex("MD5", DATA), in.digests().get(HashAlgorithm.MD5).hex());
        HashingOutputStream out = new HashingOutputStream(OutputStream.nullOutputStream(), HashAlgorithm.SHA_1);
        out.write(DATA[0]);
        out.write(DATA, 1, DATA.length - 1);
        assertEquals(TestData.jdkHex("SHA-1", DATA), out.digests().get(HashAlgorithm.SHA_1).hex());
        assertEquals(DATA.length, out.digests().length());
    }

    @Test
    void aHashingStreamRefusesBytesAfterItsDigestWasTaken() throws IOException {
        HashingOutputStream out = new HashingOutputStream(OutputStream.nullOutputStream(), HashAlgorithm.SHA_1);
        out.write(1);
        out.digests();
        assertThrows(IllegalStateException.class, () -> out.write(2));
    }

    @Test
    void progressStreamsReportAtTheirIntervalAndAtTheEnd() throws IOException {
        FakeClock clock = new FakeClock();
        List<Progress> reports = new ArrayList<>();
        InputStream in = new ProgressInputStream(new ByteArrayInputStream(DATA), DATA.length, reports::add,
                Duration.ofSeconds(1), clock);
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(500).toNanos());
            in.read(chunk);
        }
        in.read(chunk);
        in.read(chunk);
        assertEquals(6, reports.size(), "one a second for 5 s, then the end, once");
        assertTrue(reports.get(5).done());
        assertEquals(DATA.length, reports.get(5).bytesDone());

        reports.clear();
        ProgressOutputStream out = new ProgressOutputStream(OutputStream.nullOutputStream(), -1, reports::add,
                Duration.ofSeconds(1), clock);
        out.write(DATA);
        out.close();
        out.close();
        assertEquals(1, reports.size());
        assertEquals(-1, reports.get(0).fraction());
    }

    @Test
    void throttledStreamsPayForEveryByte() throws IOException {
        FakeClock clock = new FakeClock();
        Throttle throttle = new Throttle(1000, 100, clock, clock);
        long start = clock.getAsLong();
        new ThrottledInputStream(new ByteArrayInputStream(new byte[2000]), throttle).readAllBytes();
        new ThrottledOutputStream(OutputStream.nullOutputStream(), throttle).write(new byte[1000]);
        double seconds = (clock.getAsLong() - start) / 1e9;
        assertEquals(3.0, seconds, 0.15, "3000 bytes at 1000 bytes/s, less one burst");
    }
}
