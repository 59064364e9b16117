package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.wav.WavHeaderParser;
import dev.edgeperf.examples.sermon.wav.WavInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WavHeaderParserTest {
    private static WavHeaderParser.State feedByteByByte(WavHeaderParser p, byte[] bytes) {
        for (byte b : bytes) {
            p.feed(new byte[] {b}, 0, 1);
        }
        return p.state();
    }

    @Test
    void aPlainPcmHeaderIsAcceptedWithItsProperties() {
        WavHeaderParser p = new WavHeaderParser(1_000_044);
        assertEquals(WavHeaderParser.State.ACCEPTED, p.feed(Wavs.header(1_000_044), 0, 44));
        WavInfo info = p.info();
        assertEquals("RIFF", info.container());
        assertEquals("PCM", info.format());
        assertEquals(2, info.channels());
        assertEquals(48_000, info.sampleRate());
        assertEquals(16, info.bitsPerSample());
        assertEquals(44, info.dataOffset());
        assertEquals(1_000_000, info.dataLength());
        assertEquals(1_000_000 / 4 / 48_000.0, info.durationSeconds(1_000_044), 1e-12);
        assertNull(p.verdict(1_000_044));
    }

    @Test
    void headersSplitIntoSingleBytesParseTheSame() {
        WavHeaderParser p = new WavHeaderParser(-1);
        assertEquals(WavHeaderParser.State.ACCEPTED, feedByteByByte(p, Wavs.header(5_000)));
        assertEquals(44, p.info().dataOffset());
    }

    @Test
    void chunksBeforeTheSamplesAreSkippedWithoutBeingHeld() {
        byte[] header = Wavs.header(100_000);
        ByteBuffer b = ByteBuffer.allocate(44 + 8 + 50_001 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header, 0, 36);
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(50_001).put(new byte[50_001]).put((byte) 0);
        b.put(header, 36, 8);
        WavHeaderParser p = new WavHeaderParser(-1);
        assertEquals(WavHeaderParser.State.ACCEPTED, p.feed(b.array(), 0, b.capacity()));
        assertEquals(b.capacity(), p.info().dataOffset());
    }

    @Test
    void aDirectBufferIsReadFromItsPositionAndLeftWhereItWas() {
        byte[] header = Wavs.header(5_000);
        ByteBuffer chunk = ByteBuffer.allocateDirect(10 + header.length + 100);
        chunk.position(10).put(header).position(10).limit(10 + header.length + 100);
        WavHeaderParser p = new WavHeaderParser(5_000);

        assertEquals(WavHeaderParser.State.ACCEPTED, p.feed(chunk));

        assertEquals(44, p.info().dataOffset());
        assertEquals(10, chunk.position(), "the caller writes the same bytes to the file next");
    }

    @Test
    void rf64TakesTheDataLengthFromDs64() {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 28 + 24 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RF64".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("ds64".getBytes(StandardCharsets.US_ASCII)).putInt(28).putLong(6_000_000_072L).putLong(6_000_000_000L)
                .putLong(1_500_000_000L).putInt(0);
        byte[] fmt = Wavs.header(100);
        b.put(fmt, 12, 24);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
        WavHeaderParser p = new WavHeaderParser(6_000_000_080L);
        assertEquals(WavHeaderParser.State.ACCEPTED, p.feed(b.array(), 0, b.capacity()));
        assertEquals("RF64", p.info().container());
        assertEquals(6_000_000_000L, p.info().dataLength());
    }

    /** Regression: a ds64 data size near Long.MAX_VALUE overflowed the length checks and was accepted. */
    @Test
    void anRf64DataSizeNearTheLongLimitIsRefusedNotOverflowed() {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 28 + 24 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RF64".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("ds64".getBytes(StandardCharsets.US_ASCII)).putInt(28).putLong(Long.MAX_VALUE).putLong(Long.MAX_VALUE - 10)
                .putLong(0).putInt(0);
        b.put(Wavs.header(100), 12, 24);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);

        WavHeaderParser declared = new WavHeaderParser(1_000_000);
        assertEquals(WavHeaderParser.State.REFUSED, declared.feed(b.array(), 0, b.capacity()));
        WavHeaderParser deferred = new WavHeaderParser(-1);
        deferred.feed(b.array(), 0, b.capacity());
        assertTrue(deferred.verdict(1_000_000) != null, "the data cannot fit in a 1 MB file");
    }

    @Test
    void somethingElseIsRefusedAtItsFirstBytes() {
        WavHeaderParser p = new WavHeaderParser(-1);
        byte[] mp3 = "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000abcd".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(WavHeaderParser.State.REFUSED, p.feed(mp3, 0, mp3.length));
        assertEquals("not a WAV file: it starts with 'ID3.......ab', not RIFF....WAVE", p.problem());
    }

    @Test
    void aCompressedFormatIsRefused() {
        byte[] h = Wavs.header(1000);
        h[20] = 85;
        WavHeaderParser p = new WavHeaderParser(-1);
        assertEquals(WavHeaderParser.State.REFUSED, p.feed(h, 0, 44));
        assertTrue(p.problem().startsWith("WAV format code 85 is not allowed"), p.problem());
    }

    @Test
    void aHeaderThatContradictsItselfIsRefused() {
        byte[] h = Wavs.header(1000);
        h[32] = 3;
        WavHeaderParser p = new WavHeaderParser(-1);
        assertEquals(WavHeaderParser.State.REFUSED, p.feed(h, 0, 44));
        assertTrue(p.problem().startsWith("the WAV header contradicts itself"), p.problem());
    }

    @Test
    void aDataChunkLongerThanTheDeclaredUploadIsRefusedEarly() {
        WavHeaderParser p = new WavHeaderParser(1_000);
        assertEquals(WavHeaderParser.State.REFUSED, p.feed(Wavs.header(2_000), 0, 44));
        assertEquals("the WAV header declares 1956 bytes of samples from byte 44, but the upload is 1000 bytes", p.problem());
    }

    @Test
    void aFileEndingInsideItsHeaderIsRefused() {
        WavHeaderParser p = new WavHeaderParser(-1);
        p.feed(Wavs.header(100), 0, 30);
        assertEquals("the file ends after 30 bytes, inside its WAV header", p.verdict(30));
    }

    @Test
    void aHeaderWithNoSamplesIsRefused() {
        WavHeaderParser p = new WavHeaderParser(-1);
        p.feed(Wavs.header(44), 0, 44);
        assertEquals("the WAV file holds no audio samples", p.verdict(44));
    }

    @Test
    void noSamplesWithinTheFirstMegabyteIsRefused() {
        ByteBuffer b = ByteBuffer.allocate(36 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Wavs.header(100), 0, 36).put("JUNK".getBytes(StandardCharsets.US_ASCII)).putInt(2 << 20);
        WavHeaderParser p = new WavHeaderParser(-1);
        p.feed(b.array(), 0, b.capacity());
        byte[] zeros = new byte[64 << 10];
        for (int i = 0; i < 20 && p.state() == WavHeaderParser.State.NEED_MORE; i++) {
            p.feed(zeros, 0, zeros.length);
        }
        assertEquals(WavHeaderParser.State.REFUSED, p.state());
        assertEquals("no audio data within the first 1048576 bytes", p.problem());
    }
}
