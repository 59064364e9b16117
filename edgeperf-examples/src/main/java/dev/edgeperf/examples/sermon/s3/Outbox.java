package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.examples.sermon.library.SermonEditException;
import dev.edgeperf.examples.sermon.library.SermonLibrary;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored sermons from the local disk to the bucket, oldest first, one at a time, on its own thread.
 * The outbox is the local {@link SermonLibrary} itself: a sermon in it is waiting, and leaves it only
 * after the bucket has confirmed the object and the sidecar: the same size and SHA-256 in its metadata, and
 * bytes the store vouched for (every part's ETag its MD5) or that read back with the recorded SHA-256. At
 * start, and after every failure, it simply tries again with what is on disk. An object already in the
 * bucket with the same hash (the confirmation was cut off by a crash) is not sent again but read back, and
 * a transfer cut off half way resumes from its journal ({@link Bucket#put}, {@link PartJournal}).
 *
 * <p>While the store is down, the loop waits {@code retryEvery} between tries; the {@link Bucket}'s
 * breaker turns most of those tries into an instant refusal. A sermon the store refuses outright (a 4xx,
 * or a different object already under its name) stays on local disk, is reported in {@link #describe},
 * and the others go on. A {@link StoreProblem} (wrong keys, region, bucket or clock) stops the pass with
 * its name in {@link #describe} and {@link #problem}, and is checked again ten retry intervals later.
 * Thread-safe.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** A problem only the operator can fix is checked again this many retry intervals later (5 min by default). */
    private static final int PROBLEM_RETRY_FACTOR = 10;

    /** Called before each pass: the bucket's set-up, which does its work once. */
    @FunctionalInterface
    interface Preparation {
        void prepare() throws IOException;
    }

    /** An admin's change to sermons, made while the outbox is not shipping the one it changes. */
    @FunctionalInterface
    interface Edit<T> {
        T apply() throws IOException;
    }

    /** What is being sent now. */
    private record Shipping(String name, long size, AtomicLong sent) {
    }

    private final SermonLibrary local;
    private final KeptCopies kept;
    private final Bucket bucket;
    private final Preparation preparation;
    private final Consumer<SermonRecord> shipped;
    private final Duration retryEvery;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong shippedCount = new AtomicLong();
    private final AtomicLong shippedBytes = new AtomicLong();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private volatile @Nullable Shipping shipping;
    private volatile @Nullable String lastError;
    private volatile @Nullable StoreProblem problem;
    private volatile LongConsumer observer = sent -> { };
    /** Held to claim a sermon for shipping, and through an admin's change: the two never overlap on one sermon. */
    private final ReentrantLock claims = new ReentrantLock();
    private @Nullable String claimed; // guarded by claims

    /**
     * @param kept takes each shipped sermon's local file (and prunes the copies it keeps, on this thread, hourly)
     * @param shipped told of each sermon the bucket has confirmed, before its local copy is deleted or kept
     * @param retryEvery the wait after a failed try
     */
    Outbox(SermonLibrary local, KeptCopies kept, Bucket bucket, Preparation preparation, Consumer<SermonRecord> shipped,
            Duration retryEvery) {
        this.local = local;
        this.kept = kept;
        this.bucket = bucket;
        this.preparation = preparation;
        this.shipped = shipped;
        this.retryEvery = retryEvery;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sermon-outbox");
            t.setDaemon(true);
            return t;
        });
        var unused = thread.scheduleWithFixedDelay(kept::prune, 0, 1, TimeUnit.HOURS);
    }

    /** Asks for a pass over the outbox soon; several asks before it starts make one pass. */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    private void drain() {
        queued.set(false);
        try {
            preparation.prepare();
            List<SermonRecord> waiting = new ArrayList<>(local.list());
            waiting.sort(SermonRecord.OLDEST_FIRST);
            for (SermonRecord r : waiting) {
                if (thread.isShutdown()) {
                    return;
                }
                Optional<SermonRecord> current = claim(r.name());
                if (current.isEmpty()) {
                    continue; // deleted or renamed by an admin since the listing
                }
                try {
                    ship(current.get());
                    refused.remove(r.name());
                } catch (RemoteFailure.Rejected e) {
                    if (refused.put(r.name(), e.getMessage()) == null) {
                        LOG.error("the object store refused {}; it stays on local disk: {}", r.name(), e.getMessage());
                    }
                } finally {
                    release();
                }
            }
            lastError = null;
            problem = null;
        } catch (StoreProblem e) {
            if (thread.isShutdown()) {
                return;
            }
            StoreProblem before = problem;
            problem = e;
            lastError = e.getMessage();
            if (before == null || before.kind() != e.kind()) {
                LOG.error("shipping stopped ({}), {} sermons wait on local disk: {}", e.kind().label(), waitingCount(),
                        e.getMessage());
            }
            retryLater(retryEvery.multipliedBy(PROBLEM_RETRY_FACTOR));
        } catch (IOException | RuntimeException e) {
            if (thread.isShutdown()) {
                return;
            }
            lastError = e.getMessage();
            LOG.warn("object store unavailable, {} sermons wait on local disk; next try in {}: {}", waitingCount(),
                    retryEvery, e.getMessage());
            retryLater(retryEvery);
        } finally {
            shipping = null;
        }
    }

    /** The sermon as it is now, claimed for shipping; empty if it is no longer waiting. */
    private Optional<SermonRecord> claim(String name) throws IOException {
        claims.lock();
        try {
            Optional<SermonRecord> current = local.get(name);
            claimed = current.isPresent() ? name : null;
            return current;
        } finally {
            claims.unlock();
        }
    }

    private void release() {
        claims.lock();
        try {
            claimed = null;
        } finally {
            claims.unlock();
        }
    }

    /**
     * Makes an admin's change to sermon {@code name} while it is not being shipped; shipping waits for the change to
     * finish before it claims the next sermon.
     *
     * @throws SermonEditException ({@code BUSY}) if it is being shipped now
     */
    <T> T edit(String name, Edit<T> edit) throws IOException {
        claims.lock();
        try {
            if (name.equals(claimed)) {
                Shipping s = shipping;
                throw new SermonEditException(SermonEditException.Reason.BUSY, name + " is being sent to the object store"
                        + " now" + (s == null ? "" : " (" + s.sent().get() + " of " + s.size() + " bytes)")
                        + "; try again once it has shipped");
            }
            T result = edit.apply();
            refused.remove(name); // it is deleted, renamed, or has new details: the next pass judges it afresh
            return result;
        } finally {
            claims.unlock();
        }
    }

    private void retryLater(Duration after) {
        try {
            var unused = thread.schedule(this::wake, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("outbox closed; not retrying");
        }
    }

    private void ship(SermonRecord r) throws IOException {
        var there = bucket.stat(r.name());
        if (there.isPresent() && !confirms(there.get(), r)) {
            throw new RemoteFailure.Rejected("the bucket already holds a different object named " + r.name()
                    + " (size " + there.get().size() + ", sha256 " + there.get().sha256() + ")");
        }
        boolean checked = false;
        if (there.isEmpty()) {
            Shipping s = new Shipping(r.name(), r.size(), new AtomicLong());
            shipping = s;
            checked = bucket.put(r, local.fileOf(r.name()), n -> observer.accept(s.sent().addAndGet(n)));
        }
        bucket.putSidecar(r);
        Bucket.ObjectInfo stored = bucket.stat(r.name())
                .orElseThrow(() -> new IOException("the bucket lost " + r.name() + " right after storing it"));
        if (!confirms(stored, r)) {
            throw new IOException("the bucket holds " + r.name() + " with size " + stored.size() + " and sha256 "
                    + stored.sha256() + ", not " + r.size() + " and " + r.sha256());
        }
        if (!checked) {
            // The store did not vouch for the bytes (ETags that are not MD5s, or an object found already there).
            String held = bucket.readBackSha256(r.name());
            if (!held.equals(r.sha256())) {
                throw new RemoteFailure.Rejected("the bucket's " + r.name() + " reads back with SHA-256 " + held + ", not "
                        + r.sha256() + "; the local copy is kept");
            }
        }
        shipped.accept(r);
        kept.keep(r.name(), local.fileOf(r.name()));
        local.remove(r);
        shippedCount.incrementAndGet();
        shippedBytes.addAndGet(r.size());
        LOG.info("shipped name={} size={} sha256={} to the object store; local copy {}", r.name(), r.size(), r.sha256(),
                kept.fileOf(r.name()).isPresent() ? "kept (LOCAL_RETENTION)" : "removed");
    }

    private static boolean confirms(Bucket.ObjectInfo info, SermonRecord r) {
        return info.size() == r.size() && r.sha256().equals(info.sha256());
    }

    /** Sermons waiting on local disk; -1 if the outbox cannot be read. */
    public int waitingCount() {
        try {
            return local.list().size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Test seam: {@code observer} hears the bytes of the current sermon the store has, after each part. */
    public void observe(LongConsumer observer) {
        this.observer = observer;
    }

    /** Sermons the bucket has confirmed since start. */
    public long shippedCount() {
        return shippedCount.get();
    }

    /** Whether the last pass failed for want of the store (not for one refused sermon). */
    public boolean failing() {
        return lastError != null;
    }

    /** The store-wide problem that stopped shipping, until a pass succeeds again. */
    public Optional<StoreProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** The outbox for {@code /api/health/detailed}: what waits, what is being sent, what failed. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        long files = 0;
        long bytes = 0;
        try {
            for (SermonRecord r : local.list()) {
                files++;
                bytes += r.size();
            }
        } catch (IOException e) {
            d.put("error", e.getMessage());
        }
        d.put("files", files);
        d.put("bytes", bytes);
        Shipping s = shipping;
        d.put("shipping", s == null ? null : Map.of("name", s.name(), "size", s.size(), "sent_bytes", s.sent().get()));
        d.put("shipped", shippedCount.get());
        d.put("shipped_bytes", shippedBytes.get());
        d.put("last_error", lastError);
        StoreProblem p = problem;
        d.put("state", p != null ? p.kind().label() : lastError != null ? "store_unavailable" : "ok");
        d.put("refused", Map.copyOf(refused));
        return d;
    }

    /** Stops after the sermon being sent (an upload in flight is abandoned; the next start sends it again). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
