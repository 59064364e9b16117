package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution with {@code -Xmx64m} (see the module's pom): 2 GiB stream through
 * the copier, hashed, in a JVM that could not hold a thirtieth of it.
 */
class LowMemoryCopyTest {
    private static final long SIZE = 2L << 30;

    @Test
    void twoGibibytesStreamThroughASixtyFourMebibyteHeap() throws IOException {
        assertTrue(Runtime.getRuntime().maxMemory() <= 64L << 20,
                "this test must run with -Xmx64m, ran with " + Runtime.getRuntime().maxMemory());
        CopyResult result = StreamingCopier.builder().digests(HashAlgorithm.CRC32C).build()
                .copy(TestData.generated(SIZE), OutputStream.nullOutputStream(), CopyOptions.expecting(SIZE));
        assertEquals(SIZE, result.bytes());
        assertEquals(expectedCrc(), result.digests().get(HashAlgorithm.CRC32C).hex());
    }

    private static String expectedCrc() throws IOException {
        CRC32C crc = new CRC32C();
        byte[] chunk = new byte[64 << 10];
        try (InputStream in = TestData.generated(SIZE)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                crc.update(chunk, 0, n);
            }
        }
        return String.format("%08x", crc.getValue());
    }
}
