package dev.edgeperf.examples.sermon.upload;

import dev.edgeperf.io.StreamingCopierBuilder;
import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingCopier;

/**
 * The service's copiers, built once from one configuration (pool and chunk size): a plain one, whose
 * caller hashes what it writes, and one per checksum a tus client may send with a chunk
 * ({@code Upload-Checksum}). Immutable and thread-safe, like the copiers.
 *
 * @param plain copies without hashing
 * @param sha1 copies and computes SHA-1
 * @param sha256 copies and computes SHA-256
 */
public record Copiers(StreamingCopier plain, StreamingCopier sha1, StreamingCopier sha256) {
    /** The three copiers of {@code builder}'s configuration. */
    public static Copiers of(StreamingCopierBuilder builder) {
        return new Copiers(builder.build(), builder.digests(HashAlgorithm.SHA_1).build(),
                builder.digests(HashAlgorithm.SHA_256).build());
    }

    /**
     * The copier that computes {@code algorithm}.
     *
     * @throws IllegalArgumentException for an algorithm tus checksums do not use here
     */
    public StreamingCopier checking(HashAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA_1 -> sha1;
            case SHA_256 -> sha256;
            default -> throw new IllegalArgumentException("no copier for " + algorithm + ": allowed SHA-1 and SHA-256");
        };
    }
}
