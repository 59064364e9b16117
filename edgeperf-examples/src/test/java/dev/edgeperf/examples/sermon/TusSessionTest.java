package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgeperf.examples.sermon.tus.TusSession;
import dev.edgeperf.examples.sermon.tus.TusStore;
import dev.edgeperf.examples.sermon.tus.TusUpload;
import dev.edgeperf.examples.sermon.upload.UploadRefusal;
import dev.edgeperf.io.Digest;
import dev.edgeperf.io.HashAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One tus upload's session on its own, without HTTP: appending, acknowledging, and cutting back a failure. */
class TusSessionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private TusStore store;

    @BeforeEach
    void setUp() {
        store = new TusStore(dir, Runnable::run);
    }

    private TusSession session(long length) throws IOException {
        store.open();
        TusUpload u = new TusUpload("u1", length, 0, Map.of(), null, 0, 0, "test", null, null, null);
        TusSession s = new TusSession(u, store, CLOCK);
        s.createFile();
        store.save(u);
        return s;
    }

    private static long append(TusSession s, byte[] bytes, long room) throws IOException {
        return s.append(Chunks.of(bytes, 64 * 1024), null, room, true);
    }

    @Test
    void appendedBytesAreAcknowledgedAndTheOffsetSaved() throws Exception {
        byte[] wav = Wavs.bytes(10_000, 5);
        TusSession s = session(wav.length);

        assertEquals(6_000, append(s, Arrays.copyOf(wav, 6_000), wav.length));

        assertEquals(6_000, s.state().offset());
        assertEquals(6_000, store.open().get(0).offset(), "the saved state says so too");
        assertArrayEquals(Arrays.copyOf(wav, 6_000), Files.readAllBytes(store.dataPath("u1")));
    }

    @Test
    void aChunkWhoseOffsetCannotBeSavedIsCutBackToTheLastOne() throws Exception {
        byte[] wav = Wavs.bytes(10_000, 6);
        TusSession s = session(wav.length);
        append(s, Arrays.copyOf(wav, 4_000), wav.length);
        Files.delete(store.statePath("u1"));
        Files.createDirectories(store.statePath("u1").resolve("blocker")); // the next save fails

        assertThrows(IOException.class, () -> append(s, Arrays.copyOfRange(wav, 4_000, 7_000), 6_000));

        assertEquals(4_000, s.state().offset());
        assertEquals(4_000, Files.size(store.dataPath("u1")), "the unacknowledged bytes are gone");
    }

    @Test
    void anUploadsBytesAreFlushedBehindEveryMebibyteAsTheyArrive() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        store = new TusStore(dir, flush -> {
            flushes.incrementAndGet();
            flush.run();
        });
        byte[] wav = Wavs.bytes(3 * 1024 * 1024 + 100, 7);
        TusSession s = session(wav.length);

        assertEquals(wav.length, append(s, wav, wav.length));

        assertEquals(3, flushes.get(), "one background flush per MiB received");
        assertArrayEquals(wav, Files.readAllBytes(store.dataPath("u1")));
    }

    @Test
    void aClientThatBreaksOffMidBodyHasWhatArrivedAcknowledged() throws Exception {
        byte[] wav = Wavs.bytes(10_000, 8);
        TusSession s = session(wav.length);

        assertThrows(IOException.class, () -> s.append(Chunks.breakingAfter(wav, 1_000, 3_000), null, wav.length, true));

        assertEquals(3_000, s.state().offset(), "tus keeps the bytes that arrived");
        assertArrayEquals(Arrays.copyOf(wav, 3_000), Files.readAllBytes(store.dataPath("u1")));
    }

    @Test
    void aBodyWithAChecksumThatBreaksOffIsDiscarded() throws Exception {
        byte[] wav = Wavs.bytes(10_000, 9);
        TusSession s = session(wav.length);
        Digest whole = Digest.ofHex(HashAlgorithm.SHA_256, HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(wav)));

        assertThrows(IOException.class, () -> s.append(Chunks.breakingAfter(wav, 1_000, 3_000), whole, wav.length, true));

        assertEquals(0, s.state().offset(), "bytes a checksum cannot vouch for are not kept");
        assertEquals(0, Files.size(store.dataPath("u1")));
    }

    @Test
    void aBodyLongerThanTheRoomLeftIsRefusedAndCutBack() throws Exception {
        byte[] wav = Wavs.bytes(10_000, 10);
        TusSession s = session(wav.length);

        assertThrows(UploadRefusal.class, () -> append(s, wav, 9_999));

        assertEquals(0, s.state().offset());
        assertEquals(0, Files.size(store.dataPath("u1")));
    }
}
