package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.FileNames;
import dev.edgeperf.examples.sermon.library.Ingested;
import dev.edgeperf.examples.sermon.library.LogText;
import dev.edgeperf.examples.sermon.library.SermonDetails;
import dev.edgeperf.examples.sermon.library.SermonEditException;
import dev.edgeperf.examples.sermon.library.SermonLibrary;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.examples.sermon.library.Sidecars;
import dev.edgeperf.examples.sermon.library.StoreUnavailableException;
import dev.edgeperf.monitor.ComponentHealth;
import dev.edgeperf.monitor.HealthStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.InputStreamContentSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sermons kept in an S3-compatible bucket, with the local disk as the outbox in front of it. An upload is
 * stored locally exactly as on the filesystem store (so recording PCs are not turned away while the store
 * is down, as long as the disk has room) and the {@link Outbox} then moves it to the bucket.
 *
 * <p>Lookups (duplicates, the pre-upload check, names) see both: the local outbox, and a catalog of the
 * bucket's sidecars held in memory (a few hundred bytes a sermon; lookups scan it, microseconds for a
 * church's thousands), loaded when the store is first reached and refreshed after a listing at most every
 * {@link #REFRESH_EVERY} (one request per 1,000 sermons, plus one per sidecar not yet known). Downloads stream from the local file
 * while a sermon waits, and from the bucket after. Thread-safe.
 */
public final class S3Sermons implements Sermons, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Sermons.class);

    private final SermonLibrary local;
    private final Bucket bucket;
    private final Map<String, SermonRecord> catalog = new ConcurrentHashMap<>();
    private final Outbox outbox;
    private volatile boolean catalogLoaded;
    private final AtomicBoolean refreshWanted = new AtomicBoolean();
    private final AtomicLong lastRefreshWanted = new AtomicLong(Long.MIN_VALUE / 2);
    private final Clock clock;
    private final KeptCopies kept;
    private final ObjectEdits edits;

    /** How often a listing may have the catalog refreshed from the bucket (one LIST request per 1,000 sermons). */
    static final Duration REFRESH_EVERY = Duration.ofSeconds(30);

    public S3Sermons(Path dataDir, Clock clock, Bucket bucket, Duration retryEvery, KeptCopies kept) {
        this.clock = clock;
        this.local = new SermonLibrary(dataDir, clock, catalog::containsKey);
        this.bucket = bucket;
        this.kept = kept;
        this.edits = new ObjectEdits(bucket);
        this.outbox = new Outbox(local, kept, bucket, this::prepare, r -> catalog.put(r.name(), r), retryEvery);
    }

    /** Opens the local outbox and starts shipping; the store need not be reachable yet. */
    public void open() throws IOException {
        local.open();
        outbox.wake();
    }

    /**
     * Creates the bucket if needed, aborts abandoned multipart uploads and loads the catalog, the first time;
     * later, refreshes the catalog if a listing asked for it. Runs before every pass of the outbox.
     */
    private synchronized void prepare() throws IOException {
        if (!catalogLoaded) {
            bucket.ensureExists();
            bucket.abortAbandonedUploads();
            refresh();
            catalogLoaded = true;
            LOG.info("object store ready: {} sermons in the bucket", catalog.size());
        } else if (refreshWanted.getAndSet(false)) {
            refresh();
        }
    }

    /** Loads the catalog now if it never was; a store that cannot be reached leaves it as it is. */
    private void loadCatalog(String purpose) {
        if (catalogLoaded) {
            return;
        }
        try {
            prepare();
        } catch (IOException e) {
            LOG.warn("{} without the bucket's catalog: {}", purpose, e.getMessage());
        }
    }

    /** Brings the catalog in line with the bucket's sidecars. */
    private void refresh() throws IOException {
        List<String> listed;
        try {
            listed = bucket.names();
        } catch (StoreProblem e) {
            if (e.kind() != StoreProblem.Kind.INCOMPATIBLE) {
                throw e;
            }
            LOG.warn("the store cannot list objects ({}): the catalog holds only what this service shipped", e.getMessage());
            return;
        }
        Set<String> names = new HashSet<>(listed);
        catalog.keySet().retainAll(names);
        for (String name : names) {
            if (catalog.containsKey(name)) {
                continue;
            }
            if (!FileNames.isSafe(name)) {
                LOG.warn("ignoring the bucket's sidecar of {}: not a name this service stores", LogText.quote(name));
                continue;
            }
            try {
                catalog.put(name, bucket.sidecar(name));
            } catch (Sidecars.InvalidSidecarException e) {
                LOG.warn("ignoring an untrustworthy sidecar in the bucket: {}", e.getMessage());
            }
        }
    }

    /**
     * Checks the bucket's catalog first, loading it if the outbox has not yet reached the store. If the
     * store cannot be reached, the upload is kept locally all the same: a recording that was already in the
     * bucket is then stored twice rather than refused. Nothing is lost, and a church's recording PC is not
     * turned away because the store is down.
     */
    @Override
    public Outcome store(Ingested in) throws IOException {
        loadCatalog("storing " + in.originalName() + " (a duplicate in the bucket cannot be seen)");
        Optional<SermonRecord> there = find(r -> r.sha256().equals(in.sha256()));
        if (there.isPresent()) {
            if (!there.get().uploadId().equals(in.uploadId())) {
                return new Duplicate(there.get());
            }
            Files.deleteIfExists(in.file());
            return new Stored(there.get());
        }
        Outcome outcome = local.store(in);
        if (outcome instanceof Stored) {
            outbox.wake();
        }
        return outcome;
    }

    private Optional<SermonRecord> find(Predicate<SermonRecord> matches) {
        return catalog.values().stream().filter(matches).findFirst();
    }

    @Override
    public Optional<SermonRecord> byHash(String sha256) throws IOException {
        Optional<SermonRecord> r = local.byHash(sha256);
        return r.isPresent() ? r : find(s -> s.sha256().equals(sha256));
    }

    @Override
    public Optional<SermonRecord> byUploadId(String uploadId) throws IOException {
        Optional<SermonRecord> r = local.byUploadId(uploadId);
        return r.isPresent() ? r : find(s -> s.uploadId().equals(uploadId));
    }

    @Override
    public Optional<SermonRecord> byOriginalNameAndSize(String originalName, long size) throws IOException {
        Optional<SermonRecord> r = local.byOriginalNameAndSize(originalName, size);
        return r.isPresent() ? r : find(s -> s.originalName().equals(originalName) && s.size() == size);
    }

    @Override
    public Optional<SermonRecord> get(String name) throws IOException {
        Optional<SermonRecord> r = local.get(name);
        return r.isPresent() ? r : Optional.ofNullable(catalog.get(name));
    }

    /**
     * The catalog and the outbox. The first listing loads the catalog; later ones answer from it at once
     * and ask the outbox's thread to refresh it from the bucket, so a listing never waits on a slow or
     * unreachable store, and sermons another uploader put in the bucket show up one listing later.
     */
    @Override
    public List<SermonRecord> list() throws IOException {
        if (catalogLoaded) {
            long now = clock.millis();
            long last = lastRefreshWanted.get();
            // At most one bucket listing per REFRESH_EVERY, however often the list is asked for.
            if (now - last >= REFRESH_EVERY.toMillis() && lastRefreshWanted.compareAndSet(last, now)) {
                refreshWanted.set(true);
                outbox.wake();
            }
        } else {
            loadCatalog("listing");
        }
        Map<String, SermonRecord> all = new LinkedHashMap<>(catalog);
        for (SermonRecord r : local.list()) {
            all.put(r.name(), r);
        }
        List<SermonRecord> sorted = new ArrayList<>(all.values());
        sorted.sort(SermonRecord.NEWEST_FIRST);
        return sorted;
    }

    /**
     * From the local file while the sermon waits in the outbox, else from its kept copy ({@code LOCAL_RETENTION}),
     * else from the bucket. A sermon shipped between the check and the first read fails that one download; the
     * next finds it kept or in the bucket.
     */
    @Override
    public Content.Source read(SermonRecord sermon, long first, long length, ByteBufferPool.Sized buffers)
            throws IOException {
        if (Files.exists(local.fileOf(sermon.name()))) {
            return local.read(sermon, first, length, buffers);
        }
        Optional<Path> copy = kept.fileOf(sermon.name());
        if (copy.isPresent()) {
            return Content.Source.from(buffers, copy.get(), first, length);
        }
        return new InputStreamContentSource(fromBucket(sermon, first, length), buffers);
    }

    @Override
    public InputStream open(SermonRecord sermon) throws IOException {
        if (Files.exists(local.fileOf(sermon.name()))) {
            return local.open(sermon);
        }
        Optional<Path> copy = kept.fileOf(sermon.name());
        if (copy.isPresent()) {
            return Files.newInputStream(copy.get());
        }
        return fromBucket(sermon, 0, sermon.size());
    }

    /** Deletes it from the bucket (object, sidecar, kept copy), then from the outbox: wherever it is. */
    @Override
    public SermonRecord delete(String name) throws IOException {
        return change(name, () -> {
            Optional<SermonRecord> waiting = local.get(name);
            SermonRecord inBucket = existing(name, waiting);
            if (inBucket != null) {
                edits.delete(inBucket);
                catalog.remove(name);
                kept.forget(name);
            }
            return waiting.isPresent() ? local.delete(name) : Objects.requireNonNull(inBucket);
        });
    }

    /**
     * Renames a waiting sermon in the outbox (it ships under its new name), a shipped one in the bucket and its kept
     * copy; the new name is reserved in the catalog during the bucket's copy, so an upload cannot take it meanwhile.
     */
    @Override
    public SermonRecord rename(String name, String newName) throws IOException {
        return change(name, () -> {
            Optional<SermonRecord> waiting = local.get(name);
            SermonRecord inBucket = existing(name, waiting);
            SermonRecord renamed = waiting.isPresent() ? local.rename(name, newName) : null;
            if (inBucket == null) {
                outbox.wake();
                return Objects.requireNonNull(renamed);
            }
            String problem = FileNames.renameProblem(name, newName);
            if (problem != null) {
                throw new SermonEditException(SermonEditException.Reason.UNSAFE_NAME, problem);
            }
            if (newName.equals(name)) {
                return inBucket;
            }
            if (renamed == null && (catalog.containsKey(newName) || local.get(newName).isPresent())) {
                throw new SermonEditException(SermonEditException.Reason.NAME_TAKEN, "another sermon is named "
                        + LogText.quote(newName) + "; rename or delete it first");
            }
            SermonRecord moved = inBucket.withName(newName);
            catalog.put(newName, moved);
            try {
                edits.rename(inBucket, moved);
            } catch (IOException | RuntimeException e) {
                catalog.remove(newName);
                throw e;
            }
            catalog.remove(name);
            kept.rename(name, newName);
            return moved;
        });
    }

    /** New details in the outbox's sidecar (shipped with the sermon), or in the bucket's object and sidecar. */
    @Override
    public SermonRecord edit(String name, SermonDetails details) throws IOException {
        return change(name, () -> {
            Optional<SermonRecord> waiting = local.get(name);
            SermonRecord inBucket = existing(name, waiting);
            SermonRecord edited = inBucket == null ? null : inBucket.withDetails(details);
            if (edited != null) {
                edits.replaceMetadata(edited);
                catalog.put(name, edited);
            }
            if (waiting.isPresent()) {
                edited = local.edit(name, details);
                outbox.wake();
            }
            return Objects.requireNonNull(edited);
        });
    }

    /**
     * Makes an admin's change: never while the outbox ships that sermon ({@link Outbox#edit}), nor while a refresh
     * rebuilds the catalog from a listing taken before the change ({@link #prepare} holds this monitor), which would
     * drop the name the change just added (found by a CI run: a renamed sermon answered 404 until the next refresh).
     */
    private <T> T change(String name, Outbox.Edit<T> change) throws IOException {
        return outbox.edit(name, () -> {
            synchronized (this) {
                return change.apply();
            }
        });
    }

    /** The sermon {@code name} in the bucket's catalog, or null if only {@code waiting} holds it. */
    private @Nullable SermonRecord existing(String name, Optional<SermonRecord> waiting) throws SermonEditException {
        SermonRecord inBucket = catalog.get(name);
        if (waiting.isEmpty() && inBucket == null) {
            throw new SermonEditException(SermonEditException.Reason.NOT_FOUND, "no stored sermon named " + LogText.quote(name));
        }
        return inBucket;
    }

    /** The local copies of shipped sermons. */
    public KeptCopies kept() {
        return kept;
    }

    private InputStream fromBucket(SermonRecord sermon, long first, long length) throws IOException {
        try {
            return bucket.get(sermon.name(), first, length);
        } catch (Bucket.Unavailable e) {
            throw new StoreUnavailableException("the object store cannot be reached for "
                    + sermon.name() + "; try again later", e);
        }
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(bucket.describe());
        d.put("status", down() ? "DOWN" : "UP");
        d.put("objects", catalog.size());
        d.put("outbox", outbox.describe());
        return d;
    }

    private boolean down() {
        CircuitBreaker.State state = bucket.breakerState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN || outbox.failing();
    }

    /**
     * DEGRADED, not DOWN, while the store is down: uploads are still accepted and wait on local disk, so
     * the service as a whole keeps answering 200.
     */
    @Override
    public ComponentHealth health() {
        Optional<StoreProblem> problem = outbox.problem();
        if (problem.isPresent()) {
            return new ComponentHealth("store", HealthStatus.DEGRADED, "object store " + problem.get().kind().label() + ": "
                    + problem.get().getMessage() + "; uploads are kept on local disk meanwhile");
        }
        if (down()) {
            return new ComponentHealth("store", HealthStatus.DEGRADED, "object store DOWN (breaker "
                    + bucket.breakerState() + "); uploads are kept on local disk until it is back");
        }
        return new ComponentHealth("store", HealthStatus.UP, "object store UP (breaker " + bucket.breakerState() + ")");
    }

    public Outbox outbox() {
        return outbox;
    }

    @Override
    public void close() {
        outbox.close();
    }
}
