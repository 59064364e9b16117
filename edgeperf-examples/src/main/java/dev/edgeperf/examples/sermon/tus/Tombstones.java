package dev.edgeperf.examples.sermon.tus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;

/**
 * What is left of a tus upload that ended without a sermon (refused, or terminated by its client): its state
 * and bytes are deleted at once, and only why it ended is remembered, so its URL answers 410 rather than
 * 404. A client looping create and DELETE with large metadata once kept the heap critical for a day; a
 * tombstone is two short strings, at most {@value #MAX} of them, each for the upload expiration (after a
 * restart, such a URL is 404). Thread-safe.
 */
public final class Tombstones {
    private static final int MAX = 10_000;

    /** Why an upload ended: {@code refused} or {@code terminated}, and the reason given. */
    public record Tombstone(String result, String reason) {
    }

    private final Cache<String, Tombstone> ended;

    public Tombstones(Duration keep) {
        this.ended = Caffeine.newBuilder().maximumSize(MAX).expireAfterWrite(keep).executor(Runnable::run).build();
    }

    public void bury(String id, String result, String reason) {
        ended.put(id, new Tombstone(result, reason));
    }

    public Optional<Tombstone> find(String id) {
        return Optional.ofNullable(ended.getIfPresent(id));
    }
}
