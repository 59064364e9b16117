package dev.edgeperf.examples.sermon.upload;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Upload ids: random bytes in lower-case hex, so that no client can guess another's upload, and a file name
 * is always safe. Stateless; as thread-safe as the generator given (the service's is a {@code SecureRandom}).
 */
public final class UploadIds {
    private UploadIds() {
    }

    /** {@code prefix} and {@code bytes} random bytes in hex (16 bytes: 128 bits, a tus upload's id). */
    public static String next(RandomGenerator random, String prefix, int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        return prefix + HexFormat.of().formatHex(id);
    }
}
