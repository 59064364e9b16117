package dev.edgeperf.io;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The digests computed in one pass over the same bytes, by algorithm. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Digests {
    private final Map<HashAlgorithm, Digest> byAlgorithm;
    private final long length;

    Digests(EnumMap<HashAlgorithm, Digest> byAlgorithm, long length) {
        this.byAlgorithm = Collections.unmodifiableMap(byAlgorithm);
        this.length = length;
    }

    /**
     * The digest computed with {@code algorithm}.
     *
     * @param algorithm one of {@link #algorithms()}
     * @return its digest
     * @throws IllegalArgumentException if it was not computed, naming the ones that were
     */
    public Digest get(HashAlgorithm algorithm) {
        Digest d = byAlgorithm.get(algorithm);
        if (d == null) {
            throw new IllegalArgumentException(algorithm + " was not computed; computed: " + byAlgorithm.keySet());
        }
        return d;
    }

    /**
     * The algorithms computed, in declaration order of {@link HashAlgorithm}.
     *
     * @return an immutable set
     */
    public Set<HashAlgorithm> algorithms() {
        return byAlgorithm.keySet();
    }

    /**
     * Whether no digest was computed.
     *
     * @return true if none was
     */
    public boolean isEmpty() {
        return byAlgorithm.isEmpty();
    }

    /**
     * How many bytes were hashed.
     *
     * @return the input length
     */
    public long length() {
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digests d && d.byAlgorithm.equals(byAlgorithm);
    }

    @Override
    public int hashCode() {
        return byAlgorithm.hashCode();
    }

    @Override
    public String toString() {
        return byAlgorithm.values().toString();
    }
}
