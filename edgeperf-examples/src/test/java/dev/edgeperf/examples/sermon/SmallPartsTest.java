package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.ApiException;
import dev.edgeperf.examples.sermon.http.ByteRange;
import dev.edgeperf.examples.sermon.http.TusHeaders;
import dev.edgeperf.examples.sermon.library.FileNames;
import dev.edgeperf.examples.sermon.library.LogText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** File names, byte ranges, tus headers and Content-Disposition: the small parsers, by example. */
class SmallPartsTest {
    @Test
    void namesLoseTheirPathsControlCharactersAndLeadingDots() {
        assertEquals("passwd.wav", FileNames.sanitize("../../etc/passwd"));
        assertEquals("a_b.wav", FileNames.sanitize("a\u0000b.wav"));
        assertEquals("x.wav", FileNames.sanitize("C:\\Users\\me\\..x.WAV"));
        assertEquals("sermon.wav", FileNames.sanitize("..."));
        assertEquals("sermon.wav", FileNames.sanitize(null));
        assertEquals("Pfingsten – Predigt.wav", FileNames.sanitize("Pfingsten – Predigt.wav"));
    }

    @Test
    void namesLoseShellMetacharactersALeadingDashAndBidiControls() {
        assertEquals("_(rm -rf _HOME).wav", FileNames.sanitize("$(rm -rf $HOME).wav"));
        assertEquals("a_b_c.wav", FileNames.sanitize("a;b&c.wav"));
        assertEquals("100_ sure.wav", FileNames.sanitize("100% sure.wav"));
        assertEquals("_x.wav", FileNames.sanitize("-x.wav"));
        assertEquals("evil_vaw.wav", FileNames.sanitize("evil\u202Evaw.wav"));
        assertEquals("we_pm_.wav", FileNames.sanitize("we`pm`.wav"));
        assertEquals("Hallelujah_.wav", FileNames.sanitize("Hallelujah!.wav"));
    }

    @Test
    void windowsReservedNamesArePrefixed() {
        for (String reserved : new String[] {"CON", "nul", "Com1", "LPT9", "aux", "PRN"}) {
            assertEquals("_" + reserved + ".wav", FileNames.sanitize(reserved + ".wav"), reserved);
        }
        assertEquals("CONCERT.wav", FileNames.sanitize("CONCERT.wav"));
    }

    @Test
    void longNamesAreCutToTwoHundredBytesOnACharacterBoundary() {
        String name = FileNames.sanitize("é".repeat(300) + ".wav");
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES, name);
        assertTrue(name.endsWith("é.wav"));
    }

    @Test
    void numberedNamesKeepTheirExtension() {
        assertEquals("a (2).wav", FileNames.numbered("a.wav", 2));
        assertTrue(FileNames.isSafe("a (2).wav"));
        assertTrue(!FileNames.isSafe("../a.wav") && !FileNames.isSafe(".hidden.part"));
    }

    @Test
    void rangesByExample() {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-", 1000));
        assertEquals(new ByteRange(950, 999), ByteRange.parse("bytes=-50", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(new ByteRange(10, 999), ByteRange.parse("bytes=10-5000", 1000));
        assertNull(ByteRange.parse("bytes=0-1,5-6", 1000), "several ranges: whole file");
        assertNull(ByteRange.parse("items=0-1", 1000), "another unit: whole file");
        assertEquals(416, assertThrows(ApiException.class, () -> ByteRange.parse("bytes=5-1", 1000)).status(),
                "malformed: Jetty's parser cannot tell it from outside the file");
        assertEquals(416, assertThrows(ApiException.class, () -> ByteRange.parse("bytes=x-", 1000)).status());
        ApiException e = assertThrows(ApiException.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertEquals(416, e.status());
        assertEquals("bytes */1000", e.headers().get("Content-Range"));
    }

    @Test
    void tusLengthsAreDecimalDigitsOnly() {
        assertEquals(-1, TusHeaders.parseLength("Upload-Length", null));
        assertEquals(42, TusHeaders.parseLength("Upload-Length", "42"));
        for (String bad : new String[] {"-1", "", "1e3", " 4", "99999999999999999999", "0x10"}) {
            ApiException e = assertThrows(ApiException.class, () -> TusHeaders.parseLength("Upload-Length", bad), bad);
            assertEquals(400, e.status());
        }
    }

    @Test
    void tusMetadataIsDecodedAndDuplicatesRefused() {
        assertEquals(Map.of("filename", "a.wav", "flag", ""), TusHeaders.parseMetadata("filename YS53YXY=, flag"));
        assertEquals(400, assertThrows(ApiException.class, () -> TusHeaders.parseMetadata("a YQ==,a YQ==")).status());
        assertEquals(400, assertThrows(ApiException.class, () -> TusHeaders.parseMetadata("a !!!")).status());
        assertEquals(400, assertThrows(ApiException.class, () -> TusHeaders.parseMetadata(",")).status());
    }

    @Test
    void tusChecksumNamesTheAllowedAlgorithms() {
        assertEquals("sha1", TusHeaders.parseChecksum("sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=").algorithm().standardName()
                .toLowerCase().replace("-", ""));
        ApiException e = assertThrows(ApiException.class, () -> TusHeaders.parseChecksum("crc32 AAAA"));
        assertEquals("Upload-Checksum: algorithm 'crc32' is not allowed: allowed sha1, sha256", e.getMessage());
    }

    /** Regression: a CR/LF in a tus file name forged log lines. */
    @Test
    void logTextEscapesLineBreaksBidiAndQuotesAndIsShortened() {
        assertEquals("'a\\u000d\\u000aINFO forged'", LogText.quote("a\r\nINFO forged"));
        assertEquals("'evil\\u202evaw'", LogText.quote("evil\u202Evaw"));
        assertEquals("'it\\u0027s'", LogText.quote("it's"));
        assertTrue(LogText.quote("x".repeat(1000)).endsWith("'…"));
        assertEquals("null", LogText.quote(null));
    }
}
