package dev.edgeperf.examples.sermon.upload;

import dev.edgeperf.monitor.Admission;
import dev.edgeperf.monitor.MemoryGuard;
import dev.edgeperf.monitor.Rejection;
import dev.edgeperf.monitor.Reservation;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Decides whether an upload may run: at most {@code MAX_CONCURRENT_UPLOADS} at once (refused with
 * a wait beyond), memory for its buffers from the monitor's {@link MemoryGuard} (refused with the numbers),
 * and room on disk for the bytes it declares on top of what running uploads are still owed (refused before
 * a byte is written).
 *
 * <p>An upload holds its place from admission until it is released (done, refused, terminated), or has
 * had no request running for the idle window — so a tus upload keeps its place between PATCH requests,
 * however long one request takes, and a client that vanished gives it up without anyone noticing. Every
 * {@link #admit} is paired with one {@link #requestEnded}. Thread-safe: one short lock per admission, release or progress report.
 */
public final class UploadGate {
    /** What a client refused for concurrency is told to wait before trying again, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 5;
    private static final long MIB = 1 << 20;

    private static final class Place {
        final Reservation memory;
        final String owner;
        long lastActive;
        long bytesOwed;
        int requests;

        Place(Reservation memory, String owner, long now, long bytesOwed) {
            this.memory = memory;
            this.owner = owner;
            this.lastActive = now;
            this.bytesOwed = bytesOwed;
        }
    }

    private final int capacity;
    private final int perClient;
    private final long unknownLengthOwed;
    private final long idleNanos;
    private final MemoryGuard memory;
    private final long memoryPerUpload;
    private final LongSupplier usableDiskBytes;
    private final long diskReserve;
    private final LongSupplier ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Place> places = new HashMap<>();

    /**
     * @param perClient places one client address may hold at once, so that one client cannot take them all
     * @param unknownLengthOwed the disk an upload of unknown length is promised: {@code MAX_UPLOAD_SIZE}
     */
    public UploadGate(int capacity, int perClient, Duration idle, MemoryGuard memory, long memoryPerUpload,
            LongSupplier usableDiskBytes, long diskReserve, long unknownLengthOwed, LongSupplier ticker) {
        this.capacity = capacity;
        this.perClient = perClient;
        this.unknownLengthOwed = unknownLengthOwed;
        this.idleNanos = idle.toNanos();
        this.memory = memory;
        this.memoryPerUpload = memoryPerUpload;
        this.usableDiskBytes = usableDiskBytes;
        this.diskReserve = diskReserve;
        this.ticker = ticker;
    }

    /**
     * Admits a request of upload {@code id} from the client {@code owner} (its address), which still has
     * {@code bytesOwed} bytes to send (-1 if unknown: then promised {@code MAX_UPLOAD_SIZE} of disk): the
     * upload gets a place, or keeps the one it has.
     *
     * @throws UploadRefusal {@link UploadRefusal.Reason#NO_PLACE} when all places, or all of this client's,
     *     are taken; {@code NO_MEMORY} or {@code NO_DISK_ROOM} when memory or disk cannot take it
     */
    public void admit(String id, String owner, long bytesOwed) {
        long owed = bytesOwed < 0 ? unknownLengthOwed : bytesOwed;
        lock.lock();
        try {
            long now = ticker.getAsLong();
            Place held = places.get(id);
            if (held != null) {
                held.lastActive = now;
                held.bytesOwed = owed;
                held.requests++;
                return;
            }
            releaseIdle(now);
            if (places.size() >= capacity) {
                throw busy(places.size() + " uploads are running, the most allowed (MAX_CONCURRENT_UPLOADS); try again"
                        + " shortly").detail("active_uploads", places.size()).detail("max_concurrent_uploads", capacity);
            }
            long mine = places.values().stream().filter(p -> p.owner.equals(owner)).count();
            if (mine >= perClient) {
                throw busy("this client already runs " + mine + " uploads, the most one client may (MAX_UPLOADS_PER_CLIENT);"
                        + " the next starts when one ends").detail("client_uploads", mine)
                        .detail("max_uploads_per_client", perClient);
            }
            checkDisk(owed);
            Admission admission = memory.tryReserve(memoryPerUpload);
            if (admission instanceof Rejection r) {
                throw insufficientMemory(r);
            }
            Place place = new Place((Reservation) admission, owner, now, owed);
            place.requests = 1;
            places.put(id, place);
        } finally {
            lock.unlock();
        }
    }

    private static Refusal busy(String message) {
        return new UploadRefusal(UploadRefusal.Reason.NO_PLACE, message).retryAfter(RETRY_AFTER_SECONDS);
    }

    private void checkDisk(long bytesOwed) {
        if (bytesOwed <= 0) {
            return;
        }
        long owed = 0;
        for (Place p : places.values()) {
            owed += p.bytesOwed;
        }
        long usable = usableDiskBytes.getAsLong();
        long room = usable - diskReserve - owed;
        if (bytesOwed > room) {
            throw new UploadRefusal(UploadRefusal.Reason.NO_DISK_ROOM, String.format(Locale.ROOT,
                    "the upload needs %d MiB but only %d MiB of disk can be promised (%d MiB free, %d MiB kept in"
                            + " reserve, %d MiB owed to running uploads)",
                    ceilMib(bytesOwed), Math.max(0, room) / MIB, usable / MIB, diskReserve / MIB, ceilMib(owed)))
                    .detail("needed_bytes", bytesOwed).detail("free_bytes", usable).detail("reserve_bytes", diskReserve);
        }
    }

    private static long ceilMib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }

    /** The seeds' details of a memory refusal: what memory is in use, against what limit, at what level. */
    static Refusal insufficientMemory(Rejection r) {
        Map<String, Object> current = new java.util.LinkedHashMap<>();
        current.put("used_mb", String.format(Locale.ROOT, "%.2f", r.usedBytes() / (double) MIB));
        current.put("reserved_mb", String.format(Locale.ROOT, "%.2f", r.reservedBytes() / (double) MIB));
        current.put("limit_mb", String.format(Locale.ROOT, "%.2f", r.limitBytes() / (double) MIB));
        current.put("usage_percent", String.format(Locale.ROOT, "%.1f", 100.0 * r.usedBytes() / r.limitBytes()));
        current.put("pressure_level", r.level().name().toLowerCase(Locale.ROOT));
        return new UploadRefusal(UploadRefusal.Reason.NO_MEMORY, "Insufficient memory available for upload")
                .detail("success", false).detail("message", "Insufficient memory available for upload")
                .detail("details", r.reason()).detail("current_memory", current);
    }

    private void releaseIdle(long now) {
        for (Iterator<Place> it = places.values().iterator(); it.hasNext();) {
            Place p = it.next();
            if (p.requests == 0 && now - p.lastActive >= idleNanos) {
                p.memory.close();
                it.remove();
            }
        }
    }

    /** A request admitted for upload {@code id} ended; the idle window starts if it was the last. */
    public void requestEnded(String id) {
        lock.lock();
        try {
            Place p = places.get(id);
            if (p != null) {
                p.requests = Math.max(0, p.requests - 1);
                p.lastActive = ticker.getAsLong();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives up upload {@code id}'s place at once (done, refused, terminated, or a one-request upload ended). */
    public void release(String id) {
        lock.lock();
        try {
            Place p = places.remove(id);
            if (p != null) {
                p.memory.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Uploads holding a place, counting idle ones not yet reclaimed. */
    public int active() {
        lock.lock();
        try {
            releaseIdle(ticker.getAsLong());
            return places.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public int perClient() {
        return perClient;
    }
}
