package dev.edgeperf.examples.sermon.tus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgeperf.examples.sermon.upload.Refusal;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The tus uploads the service knows: the live sessions by id, and what is left of the ones that ended without
 * a sermon (refused, or terminated by their client). Such an upload's state and bytes are deleted at once
 * and only why it ended is remembered, so it is refused as gone rather than unknown: a client looping create and
 * DELETE with large metadata once kept the heap critical for a day, and a tombstone is two short strings, at
 * most {@value #MAX_TOMBSTONES} of them, each for the upload expiration (after a restart, such an upload is unknown).
 * Thread-safe.
 */
final class TusSessions {
    private static final int MAX_TOMBSTONES = 10_000;

    /** Why an upload ended: {@code refused} or {@code terminated}, and the reason given. */
    private record Tombstone(String result, @Nullable String reason) {
    }

    private final ConcurrentHashMap<String, TusSession> live = new ConcurrentHashMap<>();
    private final Cache<String, Tombstone> ended;
    private final TusStore store;

    TusSessions(TusStore store, Duration keepTombstones) {
        this.store = store;
        this.ended = Caffeine.newBuilder().maximumSize(MAX_TOMBSTONES).expireAfterWrite(keepTombstones)
                .executor(Runnable::run).build();
    }

    void add(TusSession s) {
        live.put(s.state().id(), s);
    }

    /**
     * The live session of upload {@code id}.
     *
     * @throws TusRefusal {@code NOT_FOUND} if unknown or expired, {@code GONE} if it ended without a sermon
     */
    TusSession get(String id) {
        TusSession s = id.isEmpty() ? null : live.get(id);
        if (s == null) {
            Tombstone t = ended.getIfPresent(id);
            if (t == null) {
                throw new TusRefusal(TusRefusal.Reason.NOT_FOUND, "no upload '" + id + "' (never created, or expired)");
            }
            throw gone(id, t.result(), t.reason());
        }
        return s;
    }

    static Refusal gone(String id, String result, @Nullable String reason) {
        return new TusRefusal(TusRefusal.Reason.GONE, "upload " + id + " was " + result + (reason == null ? ""
                : ": " + reason)).detail("result", result);
    }

    /**
     * Forgets an upload that ended without a sermon, keeping a tombstone: its terminal state was saved and its
     * bytes deleted before, so a crash in between leaves a state that opening turns into a tombstone too.
     */
    void bury(TusSession s) throws IOException {
        TusUpload u = s.state();
        live.remove(u.id());
        ended.put(u.id(), new Tombstone(Objects.requireNonNull(u.result(), "a buried upload's result"), u.reason()));
        store.delete(u.id());
    }

    /** Forgets an upload entirely (delivered long ago, or expired), with its files. */
    void forget(TusSession s) throws IOException {
        live.remove(s.state().id());
        store.delete(s.state().id());
    }

    Collection<TusSession> all() {
        return live.values();
    }

    /** Uploads not yet ended. */
    long running() {
        return live.values().stream().filter(s -> s.state().result() == null).count();
    }
}
