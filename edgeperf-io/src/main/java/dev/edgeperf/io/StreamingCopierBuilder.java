package dev.edgeperf.io;

import dev.edgeperf.pools.BufferPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link StreamingCopier}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once. Not
 * thread-safe; {@link #build()} may be called many times.
 *
 * @since 0.1.0
 */
public final class StreamingCopierBuilder {
    @Nullable BufferPool pool;
    @Nullable Set<HashAlgorithm> digests;
    @Nullable Long maxBytes;
    @Nullable Throttle throttle;
    @Nullable Duration progressInterval;
    @Nullable LongSupplier ticker;
    @Nullable Boolean fsync;
    @Nullable Integer chunkSize;

    StreamingCopierBuilder() {
    }

    /**
     * The most bytes moved per read and write. Default: by the source, {@link StreamingCopier#DEFAULT_CHUNK_SIZE}
     * for channels and streams whose every read is a system call (files, sockets), 8 KiB for other streams.
     *
     * @param bytes positive; the buffer is the pool's tier that holds it
     * @return this builder
     */
    public StreamingCopierBuilder chunkSize(int bytes) {
        Checks.requireUnset(chunkSize, "chunkSize");
        if (bytes < 1) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + bytes);
        }
        this.chunkSize = bytes;
        return this;
    }

    /**
     * The pool buffers are leased from (default: a shared heap pool with the default tiers).
     *
     * @param pool a heap pool: streams need an array
     * @return this builder
     */
    public StreamingCopierBuilder bufferPool(BufferPool pool) {
        Checks.requireUnset(this.pool, "bufferPool");
        if (Objects.requireNonNull(pool, "pool").isDirect()) {
            throw new IllegalArgumentException("StreamingCopier needs a heap BufferPool, but '" + pool.name()
                    + "' holds direct buffers");
        }
        this.pool = pool;
        return this;
    }

    /**
     * Digests to compute on the way, all in the same pass (default none). Disables kernel zero-copy.
     *
     * @param first a digest
     * @param more more digests
     * @return this builder
     */
    public StreamingCopierBuilder digests(HashAlgorithm first, HashAlgorithm... more) {
        Checks.requireUnset(digests, "digests");
        this.digests = EnumSet.of(first, more);
        return this;
    }

    /**
     * The most bytes one copy may move (default: no limit).
     *
     * @param maxBytes positive
     * @return this builder
     */
    public StreamingCopierBuilder maxBytes(long maxBytes) {
        Checks.requireUnset(this.maxBytes, "maxBytes");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        return this;
    }

    /**
     * A rate limit (default none).
     *
     * @param throttle shared with whatever else uses it
     * @return this builder
     */
    public StreamingCopierBuilder throttle(Throttle throttle) {
        Checks.requireUnset(this.throttle, "throttle");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        return this;
    }

    /**
     * The shortest time between two progress reports (default {@link StreamingCopier#DEFAULT_PROGRESS_INTERVAL}).
     *
     * @param interval zero or more
     * @return this builder
     */
    public StreamingCopierBuilder progressInterval(Duration interval) {
        Checks.requireUnset(progressInterval, "progressInterval");
        if (Objects.requireNonNull(interval, "interval").isNegative()) {
            throw new IllegalArgumentException("progressInterval must not be negative, was " + interval);
        }
        this.progressInterval = interval;
        return this;
    }

    /**
     * The time source of elapsed times and progress (default {@link System#nanoTime()}).
     *
     * @param ticker reads a monotonic time in nanoseconds
     * @return this builder
     */
    public StreamingCopierBuilder ticker(LongSupplier ticker) {
        Checks.requireUnset(this.ticker, "ticker");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Whether {@link StreamingCopier#copy(Path, Path, CopyOptions)} flushes the new file to disk (default false).
     *
     * @param fsync true to force the file's data to the device before the copy returns
     * @return this builder
     */
    public StreamingCopierBuilder fsync(boolean fsync) {
        Checks.requireUnset(this.fsync, "fsync");
        this.fsync = fsync;
        return this;
    }

    /**
     * Builds an immutable copier; the builder may build more.
     *
     * @return a new copier
     */
    public StreamingCopier build() {
        return new StreamingCopier(this);
    }
}
