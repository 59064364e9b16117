package dev.edgeperf.io;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;

/**
 * Several digests updated together over the same bytes, and the count of bytes. Not thread-safe; one per
 * stream or copy. With no algorithm it only counts.
 */
final class Hasher {
    private final HashAlgorithm[] algorithms;
    private final HashAlgorithm.Engine[] engines;
    private long length;

    Hasher(Set<HashAlgorithm> algorithms) {
        this.algorithms = algorithms.toArray(new HashAlgorithm[0]);
        this.engines = new HashAlgorithm.Engine[this.algorithms.length];
        for (int i = 0; i < engines.length; i++) {
            engines[i] = this.algorithms[i].newEngine();
        }
    }

    static Set<HashAlgorithm> setOf(HashAlgorithm first, HashAlgorithm... more) {
        return EnumSet.of(first, more);
    }

    boolean isCounting() {
        return engines.length == 0;
    }

    void update(byte[] bytes, int offset, int count) {
        for (HashAlgorithm.Engine engine : engines) {
            engine.update(bytes, offset, count);
        }
        length += count;
    }

    /** Hashes the buffer's remaining bytes and leaves its position at its limit. */
    void update(ByteBuffer buffer) {
        int start = buffer.position();
        for (HashAlgorithm.Engine engine : engines) {
            buffer.position(start);
            engine.update(buffer);
        }
        length += buffer.limit() - start;
        buffer.position(buffer.limit());
    }

    long length() {
        return length;
    }

    /** The digests of everything hashed so far; the hasher must not be used afterwards. */
    Digests finish() {
        if (engines.length == 0) {
            return new Digests(new EnumMap<>(HashAlgorithm.class), length);
        }
        EnumMap<HashAlgorithm, Digest> result = new EnumMap<>(HashAlgorithm.class);
        for (int i = 0; i < engines.length; i++) {
            result.put(algorithms[i], new Digest(algorithms[i], engines[i].finish(), length));
        }
        return new Digests(result, length);
    }
}
