package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.edgeperf.examples.sermon.http.ApiException;
import dev.edgeperf.examples.sermon.http.ByteRange;
import dev.edgeperf.examples.sermon.http.TusHeaders;
import dev.edgeperf.examples.sermon.library.FileNames;
import dev.edgeperf.examples.sermon.wav.WavHeaderParser;
import dev.edgeperf.examples.sermon.wav.WavInfo;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz tests of the parsers that read what clients send. In a normal build each runs its committed corpus
 * ({@code src/test/resources/dev/edgeperf/examples/sermon/ParserFuzzTestInputs/}); to fuzz for real:
 * {@code JAZZER_FUZZ=1 mvn -pl edgeperf-examples -am test -Dtest=ParserFuzzTest#fuzzWavHeader
 * -Djazzer.max_duration=10m -Dsurefire.failIfNoSpecifiedTests=false} (one method at a time). Each property:
 * a bad input is refused the documented way, never with another exception, and a good one parses
 * consistently.
 */
class ParserFuzzTest {
    @FuzzTest
    void fuzzWavHeader(FuzzedDataProvider data) {
        long declared = data.consumeBoolean() ? data.consumeLong(0, 1L << 40) : -1;
        int split = data.consumeInt(1, 64);
        byte[] bytes = data.consumeRemainingAsBytes();
        WavHeaderParser whole = new WavHeaderParser(declared);
        whole.feed(bytes, 0, bytes.length);
        WavHeaderParser pieces = new WavHeaderParser(declared);
        for (int i = 0; i < bytes.length; i += split) {
            pieces.feed(bytes, i, Math.min(split, bytes.length - i));
        }
        assertEquals(whole.state(), pieces.state(), "the same verdict however the bytes arrive");
        assertEquals(whole.problem(), pieces.problem());
        if (whole.state() == WavHeaderParser.State.ACCEPTED) {
            WavInfo info = whole.info();
            assertEquals(info, pieces.info());
            assertTrue(info.dataOffset() <= bytes.length && info.channels() >= 1 && info.blockAlign() >= 1, info.toString());
            whole.verdict(declared < 0 ? bytes.length : declared);
        }
    }

    @FuzzTest
    void fuzzTusHeaders(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        expectOnly400(() -> TusHeaders.parseMetadata(value));
        expectOnly400(() -> TusHeaders.parseLength("Upload-Offset", value));
        expectOnly400(() -> TusHeaders.parseChecksum(value));
    }

    @FuzzTest
    void fuzzRange(FuzzedDataProvider data) {
        long size = data.consumeLong(0, 1L << 40);
        String header = data.consumeRemainingAsString();
        try {
            ByteRange r = ByteRange.parse(header, size);
            if (r != null) {
                assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < size, r + " of " + size);
            }
        } catch (ApiException e) {
            assertEquals(416, e.status());
        }
    }

    @FuzzTest
    void fuzzFileNames(FuzzedDataProvider data) {
        String original = data.consumeRemainingAsString();
        String name = FileNames.sanitize(original);
        assertTrue(FileNames.isSafe(name), name);
        assertTrue(name.endsWith(".wav") && !name.startsWith(".") && name.indexOf('/') < 0 && name.indexOf('\\') < 0, name);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES, name);
        assertTrue(name.codePoints().noneMatch(Character::isISOControl), name);
        assertEquals(name, FileNames.sanitize(name), "idempotent");
    }

    private static void expectOnly400(Runnable parse) {
        try {
            parse.run();
        } catch (ApiException e) {
            assertEquals(400, e.status(), e.getMessage());
        }
    }
}
