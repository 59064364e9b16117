package dev.edgeperf.examples.sermon.tus;

import dev.edgeperf.examples.sermon.upload.BodyChunks;
import dev.edgeperf.examples.sermon.upload.DiskErrors;
import dev.edgeperf.examples.sermon.wav.WavCheckingOutputStream;
import dev.edgeperf.examples.sermon.wav.WavHeaderParser;
import dev.edgeperf.io.AppendableFile;
import dev.edgeperf.io.Digest;
import dev.edgeperf.io.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tus upload while the service holds it: its persisted state, the lock one request at a time holds, and,
 * while it is being written, its open file and WAV header parser. The file always holds exactly the
 * acknowledged bytes between requests: {@link #file()} reopens (and so cuts back) a file whose length differs
 * from the saved offset, and {@link #discardUnacknowledged} cuts back what a failed request appended.
 *
 * <p><b>Durability.</b> Bytes are fsynced and then the new offset is saved before a PATCH is answered, so
 * whatever a client was told survives {@code kill -9} and power loss; bytes written but never acknowledged
 * are cut off when the upload is next opened. The running SHA-256 lives in the upload's
 * {@link AppendableFile}; after a restart it is rebuilt by reading the stored prefix once.
 *
 * <p>Thread-safety: {@link #state()} and {@link #lock()} may be used from any thread; everything else only
 * by the thread holding the lock (or, before the session is published, the thread creating it). Costs one
 * file descriptor while a file is open.
 */
public final class TusSession {
    private static final Logger LOG = LoggerFactory.getLogger(TusSession.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final TusStore store;
    private final Clock clock;
    private volatile TusUpload state;
    private @Nullable AppendableFile file;
    private @Nullable WavHeaderParser parser;

    public TusSession(TusUpload state, TusStore store, Clock clock) {
        this.state = state;
        this.store = store;
        this.clock = clock;
    }

    public TusUpload state() {
        return state;
    }

    public ReentrantLock lock() {
        return lock;
    }

    /** Saves {@code u} durably, then makes it the state. */
    public void save(TusUpload u) throws IOException {
        store.save(u);
        state = u;
    }

    /**
     * Takes the length a PATCH declares for a deferred upload ({@code newLength}, or -1 for none).
     *
     * @return the state afterwards
     * @throws TusRefusal if it differs from a length declared before or is below the offset
     * @throws UploadRefusal over
     *     {@code maxSize}
     */
    TusUpload declareLength(long newLength, long maxSize) throws IOException {
        TusUpload u = state;
        if (newLength < 0) {
            return u;
        }
        if (u.length() >= 0 && newLength != u.length()) {
            throw new TusRefusal(TusRefusal.Reason.LENGTH_FIXED, "Upload-Length " + newLength + " differs from the "
                    + u.length() + " declared before; it cannot change");
        }
        if (newLength < u.offset()) {
            throw new TusRefusal(TusRefusal.Reason.BAD_LENGTH, "Upload-Length " + newLength + " is less than the " + u.offset()
                    + " bytes already received");
        }
        TusService.checkSize(newLength, maxSize);
        if (u.length() < 0) {
            save(u.withLength(newLength));
        }
        return state;
    }

    /** Creates the upload's empty file and makes it durable, before any state names it. */
    public void createFile() throws IOException {
        AppendableFile created = store.createData(state.id());
        file = created;
        created.force();
        store.syncDirectory();
    }

    /**
     * The upload's open file, holding exactly the acknowledged bytes: a file whose length differs from the
     * saved offset (a failure nobody could undo) is closed and reopened, which cuts it back.
     */
    public AppendableFile file() throws IOException {
        AppendableFile open = file;
        if (open != null && open.length() != state.offset()) {
            LOG.warn("upload {} held {} bytes, not the {} acknowledged; reopening it", state.id(), open.length(),
                    state.offset());
            closeFile();
            open = null;
        }
        if (open == null) {
            open = store.openData(state.id(), state.offset());
            file = open;
        }
        return open;
    }

    /** The upload's header parser; after a restart, rebuilt from the bytes already stored. */
    public WavHeaderParser parser() throws IOException {
        WavHeaderParser p = parser;
        if (p == null) {
            p = new WavHeaderParser(state.length());
            long toRead = Math.min(state.offset(), WavHeaderParser.MAX_HEADER_BYTES + 1L);
            try (InputStream in = Files.newInputStream(store.dataPath(state.id()))) {
                byte[] buffer = new byte[8192];
                long done = 0;
                while (done < toRead && p.state() == WavHeaderParser.State.NEED_MORE) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, toRead - done));
                    if (n < 0) {
                        break;
                    }
                    p.feed(buffer, 0, n);
                    done += n;
                }
            }
            parser = p;
        }
        return p;
    }

    /**
     * Appends the body, then makes it durable and saves the new offset. Whatever goes wrong after the first
     * byte is appended (a checksum mismatch, a full disk or a failing fsync, a failed state save, any
     * {@link RuntimeException} or {@link Error}) leaves the file at the offset last saved, so a client that
     * resumes from it appends to exactly what it was told, never after a stray copy of its chunk. Bytes that
     * prove the file is not WAV are left for the caller to refuse, like bytes beyond {@code room}. Each chunk
     * goes from the server's buffer to the file, the upload's SHA-256, the header check and the checksum as it
     * is, with no copy in between.
     *
     * @param checksum the digest the body must have, or null
     * @return the bytes acknowledged
     */
    public long append(BodyChunks body, @Nullable Digest checksum, long room, boolean wavOnly) throws IOException {
        AppendableFile target = file();
        AppendableFile.Checkpoint before = target.checkpoint();
        WavHeaderParser header = parser();
        @Nullable MessageDigest sum = checksum == null ? null : digestOf(checksum.algorithm());
        boolean settled = false;
        try {
            long received = 0;
            for (;;) {
                ByteBuffer chunk;
                try {
                    chunk = body.next();
                } catch (IOException e) {
                    if (sum == null) {
                        // tus keeps what arrived before a client went away: acknowledge it, then report the failure.
                        acknowledge(target, before);
                        settled = true;
                    }
                    throw e;
                }
                if (chunk == null) {
                    break;
                }
                if (chunk.remaining() > room - received) {
                    throw TusService.tooLong(room + 1, room);
                }
                WavCheckingOutputStream.check(header, chunk, wavOnly);
                if (sum != null) {
                    sum.update(chunk.duplicate());
                }
                received += chunk.remaining();
                target.append(chunk);
            }
            if (checksum != null && sum != null && !MessageDigest.isEqual(checksum.bytes(), sum.digest())) {
                throw new TusRefusal(TusRefusal.Reason.CHECKSUM_MISMATCH, "the " + received + " bytes received do"
                        + " not have the " + checksum.algorithm().standardName() + " given in Upload-Checksum; they were"
                        + " discarded").uploadOffset(before.length());
            }
            long acknowledged = acknowledge(target, before);
            settled = true;
            return acknowledged;
        } catch (IOException e) {
            if (DiskErrors.isDiskFull(e)) {
                throw DiskErrors.diskFull("this request's bytes were discarded; the upload keeps the " + state.offset()
                        + " bytes acknowledged before").uploadOffset(state.offset());
            }
            throw e;
        } finally {
            if (!settled) {
                discardUnacknowledged(target, before);
            }
        }
    }

    private static MessageDigest digestOf(HashAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.standardName());
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime has SHA-1 and SHA-256, the two Upload-Checksum allows (MessageDigest's Javadoc).
            throw new IllegalStateException(algorithm.standardName() + " is missing from this Java runtime", e);
        }
    }

    /**
     * Makes the bytes appended since {@code before} durable and records the new offset.
     *
     * @return how many bytes were acknowledged
     */
    private long acknowledge(AppendableFile target, AppendableFile.Checkpoint before) throws IOException {
        long appended = target.length() - before.length();
        if (appended == 0) {
            return 0;
        }
        target.force();
        save(state.withProgress(target.length(), clock.millis()));
        return appended;
    }

    /**
     * Cuts the file back to the last acknowledged offset. If even that fails (the disk is gone), the file is
     * closed instead: the next request reopens it, and opening cuts off whatever lies beyond the offset.
     */
    private void discardUnacknowledged(AppendableFile target, AppendableFile.Checkpoint before) {
        try {
            target.rollback(before);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot cut upload {} back to {} bytes ({}); it is reopened by its next request", state.id(),
                    before.length(), e.toString());
            closeFile();
        }
    }

    /** Closes the file once the upload has a result. */
    void closeIfFinished() {
        if (state.result() != null) {
            closeFile();
        }
    }

    /** Waits for a running request to end, then closes the file (at shutdown). */
    void closeWhenIdle() {
        lock.lock();
        try {
            closeFile();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the open file, if any; its content stays. */
    void closeFile() {
        AppendableFile open = file;
        if (open != null) {
            file = null;
            try {
                open.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", open, e);
            }
        }
    }
}
