package dev.edgeperf.examples.sermon.upload;

import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingCopier;
import dev.edgeperf.io.StreamingCopierBuilder;
import java.util.function.Supplier;

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
    /**
     * The three copiers of one configuration: {@code configured} gives a new builder of it for each, since a
     * builder takes each setting once.
     */
    public static Copiers of(Supplier<StreamingCopierBuilder> configured) {
        return new Copiers(configured.get().build(), configured.get().digests(HashAlgorithm.SHA_1).build(),
                configured.get().digests(HashAlgorithm.SHA_256).build());
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
