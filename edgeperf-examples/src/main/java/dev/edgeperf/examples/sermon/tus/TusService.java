package dev.edgeperf.examples.sermon.tus;

import dev.edgeperf.examples.sermon.library.Ingested;
import dev.edgeperf.examples.sermon.library.LogText;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.examples.sermon.upload.BodyChunks;
import dev.edgeperf.examples.sermon.upload.Finisher;
import dev.edgeperf.examples.sermon.upload.Refusal;
import dev.edgeperf.examples.sermon.upload.UploadGate;
import dev.edgeperf.examples.sermon.upload.UploadIds;
import dev.edgeperf.examples.sermon.upload.UploadMetrics;
import dev.edgeperf.examples.sermon.upload.UploadRefusal;
import dev.edgeperf.examples.sermon.wav.NotWavException;
import dev.edgeperf.examples.sermon.wav.WavCheckingOutputStream;
import dev.edgeperf.examples.sermon.wav.WavHeaderParser;
import dev.edgeperf.examples.sermon.wav.WavInfo;
import dev.edgeperf.io.Digest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tus 1.0 uploads, without HTTP: creating, appending with optional per-chunk checksums, deferred
 * lengths, termination, expiration, and turning a complete upload into a stored sermon. {@link TusHandler}
 * maps requests onto it.
 *
 * <p><b>Durability</b>: see {@link TusSession}, which writes each upload.
 *
 * <p><b>Concurrency.</b> Thread-safe. Each upload has a lock that one request at a time holds; a second
 * request for the same upload is refused as locked rather than queued or interleaved. Uploads are
 * independent of each other.
 */
public final class TusService {
    private static final Logger LOG = LoggerFactory.getLogger(TusService.class);

    /** What a PATCH did: the upload's state afterwards, and the outcome if it completed the upload. */
    public record PatchResult(TusUpload upload, Sermons.@Nullable Outcome outcome) {
    }

    /** Unfinished uploads kept at once: a few hundred bytes to 5 KiB each, so at most a few MiB of heap. */
    public static final int MAX_UNFINISHED = 1_000;

    private final TusSessions sessions;
    private final TusStore store;
    private final Sermons library;
    private final Finisher finisher;
    private final UploadGate gate;
    private final UploadMetrics metrics;
    private final Clock clock;
    private final Duration expiration;
    private final long maxSize;
    private final boolean wavOnly;
    private final RandomGenerator random;

    public TusService(TusStore store, Sermons library, Finisher finisher, UploadGate gate,
            UploadMetrics metrics, Clock clock, Duration expiration, long maxSize, boolean wavOnly, RandomGenerator random) {
        this.store = store;
        this.library = library;
        this.finisher = finisher;
        this.gate = gate;
        this.metrics = metrics;
        this.clock = clock;
        this.expiration = expiration;
        this.maxSize = maxSize;
        this.wavOnly = wavOnly;
        this.random = random;
        this.sessions = new TusSessions(store, expiration);
    }

    /**
     * Loads every upload from disk. Returns the ones that were complete but not yet stored when the
     * service stopped, for {@link #recover} to finish.
     */
    public List<String> open() throws IOException {
        for (TusUpload u : store.open()) {
            if (TusUpload.REFUSED.equals(u.result()) || TusUpload.TERMINATED.equals(u.result())) {
                sessions.bury(new TusSession(u, store, clock));
            } else {
                sessions.add(new TusSession(u, store, clock));
            }
        }
        LOG.info("tus uploads loaded count={}", sessions.all().size());
        return sessions.all().stream().filter(s -> s.state().result() == null && s.state().isComplete())
                .map(s -> s.state().id()).toList();
    }

    /** Finishes an upload that was complete when the service stopped (reads its bytes once to hash them). */
    public void recover(String id) {
        TusSession s = sessions.get(id);
        s.lock().lock();
        try {
            Optional<SermonRecord> done = library.byUploadId(id);
            if (done.isPresent()) {
                store.deleteData(id);
                s.save(s.state().finished(TusUpload.STORED, done.get().name(), null));
            } else {
                finish(s);
            }
            LOG.info("recovered upload={} result={}", id, s.state().result());
        } catch (Refusal | NotWavException e) {
            LOG.warn("recovered upload={} refused: {}", id, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("could not recover upload={}; it stays complete and unstored until the next start", id, e);
        } finally {
            s.closeFile();
            s.lock().unlock();
        }
    }

    /**
     * Creates an upload of {@code length} bytes (-1: deferred), admitting it through the gate.
     *
     * @throws Refusal too large ({@code MAX_UPLOAD_SIZE}), empty, {@value #MAX_UNFINISHED} unfinished uploads,
     *     or the gate's
     */
    public TusUpload create(long length, Map<String, String> metadata, @Nullable String rawMetadata, String client, String address)
            throws IOException {
        checkSize(length, maxSize);
        long unfinished = running();
        if (unfinished >= MAX_UNFINISHED) {
            throw new TusRefusal(TusRefusal.Reason.TOO_MANY_UNFINISHED, unfinished + " uploads are unfinished, the"
                    + " most kept at once: finish or terminate some, or wait for them to expire (UPLOAD_EXPIRATION)")
                    .retryAfter(60);
        }
        String id = UploadIds.next(random, "", 16);
        gate.admit(id, address, length);
        long now = clock.millis();
        TusUpload u = new TusUpload(id, length, 0, metadata, rawMetadata, now, now, client, null, null, null);
        TusSession s = new TusSession(u, store, clock);
        try {
            // The bytes' file exists, durably, before any state names it: a state without its file is damage.
            s.createFile();
            store.save(u);
            sessions.add(s);
            LOG.info("upload created id={} length={} name={} client={}", id, length, LogText.quote(u.fileName()),
                    LogText.quote(client));
            return u;
        } catch (IOException | RuntimeException e) {
            s.closeFile();
            store.delete(id);
            throw e;
        } finally {
            // Admission checked there is room; the place itself is taken by the PATCH that brings bytes, so
            // creates with no body never hold places (two of them held both default places).
            gate.release(id);
        }
    }

    /**
     * Checks a declared length.
     *
     * @throws Refusal for an empty upload, or one over {@code maxSize}
     */
    static void checkSize(long length, long maxSize) {
        if (length == 0) {
            throw new TusRefusal(TusRefusal.Reason.EMPTY, "the upload declares 0 bytes; an empty file is not a recording");
        }
        UploadRefusal.checkDeclared(length, maxSize);
    }

    /**
     * The upload's current state.
     *
     * @throws TusRefusal {@code NOT_FOUND} if unknown or expired, {@code GONE} if refused or terminated
     */
    public TusUpload get(String id) {
        TusUpload u = sessions.get(id).state();
        String result = u.result();
        if (result != null && (result.equals(TusUpload.REFUSED) || result.equals(TusUpload.TERMINATED))) {
            throw TusSessions.gone(id, result, u.reason());
        }
        return u;
    }

    /**
     * Appends {@code body} at {@code offset}.
     *
     * @param newLength the length declared by this PATCH for a deferred upload, else -1
     * @param checksum the digest the body must have, or null
     * @param contentLength the body's declared length, or -1
     * @param address the client's address, for the per-client limit on places
     * @throws TusRefusal offset mismatch, gone, locked, checksum mismatch
     * @throws UploadRefusal too long, no place, duplicate
     * @throws NotWavException not WAV
     */
    public PatchResult patch(String id, long offset, long newLength, @Nullable Digest checksum, BodyChunks body, long contentLength,
            String address) throws IOException {
        TusSession s = sessions.get(id);
        if (!s.lock().tryLock()) {
            throw new TusRefusal(TusRefusal.Reason.LOCKED, "upload " + id + " is receiving another request; retry after"
                    + " it ends");
        }
        try {
            get(id);
            TusUpload u = s.declareLength(newLength, maxSize);
            if (offset != u.offset()) {
                throw new TusRefusal(TusRefusal.Reason.OFFSET_MISMATCH, "Upload-Offset " + offset + " does not match"
                        + " the " + u.offset() + " bytes received").uploadOffset(u.offset()).detail("offset", u.offset());
            }
            long room = (u.length() >= 0 ? u.length() : maxSize) - u.offset();
            if (contentLength > room) {
                throw tooLong(contentLength, room);
            }
            if (u.result() != null) {
                // Already complete: read the (empty) body anyway, so a client that sent "Expect: 100-continue"
                // gets its 100 and then the answer, as tus-java-client needs when its last request ends
                // exactly at the end of the file.
                if (body.next() != null) {
                    throw tooLong(1, 0);
                }
                return new PatchResult(u, null);
            }
            if (contentLength == 0 && !u.isComplete()) {
                return new PatchResult(u, null);
            }
            gate.admit(id, address, u.length() < 0 ? -1 : room);
            try {
                if (!u.isComplete()) {
                    receive(s, checksum, body, room);
                }
                // Complete before this request means an earlier attempt to store it failed (busy, say): retry.
                return new PatchResult(s.state(), s.state().isComplete() ? finish(s) : null);
            } finally {
                gate.requestEnded(id);
            }
        } finally {
            s.closeIfFinished();
            s.lock().unlock();
        }
    }

    static UploadRefusal tooLong(long sent, long room) {
        return UploadRefusal.tooLarge("the request carries " + sent + " bytes but only " + room
                + " fit in the upload's declared length");
    }

    /** Receives a PATCH body into the upload; a body that proves the file is not WAV refuses the upload. */
    private void receive(TusSession s, @Nullable Digest checksum, BodyChunks body, long room) throws IOException {
        try {
            metrics.received(s.append(body, checksum, room, wavOnly));
        } catch (NotWavException e) {
            refuse(s, e.getMessage());
            throw e;
        }
    }





    private Sermons.Outcome finish(TusSession s) throws IOException {
        TusUpload u = s.state();
        WavHeaderParser parser = s.parser();
        String problem = parser.verdict(u.length());
        if (problem != null && wavOnly) {
            refuse(s, problem);
            throw WavCheckingOutputStream.notWav(problem);
        }
        WavInfo wav = problem == null ? parser.info() : null;
        Digest sha256 = s.file().digest();
        s.closeFile();
        Sermons.Outcome outcome = finisher.finish(new Ingested(store.dataPath(u.id()), u.id(), u.fileName(),
                u.length(), sha256.hex(), wav, u.client()));
        if (outcome instanceof Sermons.Duplicate) {
            s.save(u.finished(TusUpload.DUPLICATE, outcome.record().name(), null));
            store.deleteData(u.id());
        } else {
            s.save(u.finished(TusUpload.STORED, outcome.record().name(), null));
        }
        gate.release(u.id());
        return outcome;
    }

    /** Ends an upload that is not an acceptable recording: its bytes are deleted at once. */
    private void refuse(TusSession s, String problem) throws IOException {
        s.closeFile();
        s.save(s.state().finished(TusUpload.REFUSED, null, problem));
        store.deleteData(s.state().id());
        sessions.bury(s);
        gate.release(s.state().id());
        finisher.refused(s.state().fileName(), problem, s.state().client());
        LOG.info("upload refused id={} reason={}", s.state().id(), problem);
    }

    /**
     * Terminates an upload: its bytes are deleted; later requests are refused as gone.
     *
     * @throws TusRefusal not found, gone, or locked while a PATCH runs
     */
    public void terminate(String id) throws IOException {
        get(id);
        TusSession s = sessions.get(id);
        if (!s.lock().tryLock()) {
            throw new TusRefusal(TusRefusal.Reason.LOCKED, "upload " + id + " is receiving a request; terminate it"
                    + " after that ends");
        }
        try {
            if (s.state().isDelivered()) {
                sessions.forget(s);
                return;
            }
            s.closeFile();
            s.save(s.state().finished(TusUpload.TERMINATED, null, "terminated by the client"));
            store.deleteData(id);
            sessions.bury(s);
            gate.release(id);
            metrics.outcome(TusUpload.TERMINATED);
            LOG.info("upload terminated id={}", id);
        } finally {
            s.lock().unlock();
        }
    }

    /**
     * Removes uploads idle for longer than the expiration, with their bytes, and the records of ended ones.
     * Uploads busy with a request are left for the next sweep.
     *
     * @return how many were removed
     */
    public int expire() {
        long cutoff = clock.millis() - expiration.toMillis();
        int removed = 0;
        for (TusSession s : sessions.all()) {
            // A complete upload not yet stored is a recording waiting for a retry (the store was busy or
            // failed): it never expires, whatever the downtime.
            boolean waitingToBeStored = s.state().result() == null && s.state().isComplete();
            if (s.state().lastActivity() >= cutoff || waitingToBeStored || !s.lock().tryLock()) {
                continue;
            }
            try {
                s.closeFile();
                sessions.forget(s);
                gate.release(s.state().id());
                removed++;
                if (s.state().result() == null) {
                    LOG.info("upload expired id={} offset={} length={}", s.state().id(), s.state().offset(), s.state().length());
                    metrics.outcome("expired");
                }
            } catch (IOException e) {
                LOG.warn("could not remove expired upload {}: {}", s.state().id(), e.toString());
            } finally {
                s.lock().unlock();
            }
        }
        return removed;
    }

    /** When an upload expires if nothing more arrives, in epoch milliseconds. */
    public long expiresAt(TusUpload u) {
        return u.lastActivity() + expiration.toMillis();
    }

    /** Uploads not yet ended. */
    public long running() {
        return sessions.all().stream().filter(s -> s.state().result() == null).count();
    }

    /** Closes every open file; the uploads' states are already on disk. */
    public void close() {
        sessions.all().forEach(TusSession::closeWhenIdle);
    }



}
