package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.io.Throttle;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads regions of a stored sermon for shipping: hashed in one pass, then streamed to the store, never held
 * in memory. Stateless helpers; a {@link Reader} is thread-safe (each call opens its own channel).
 */
final class FileRegion {
    /** Hashing reads in steps of this size (the JDK reads a file through a per-thread native buffer as large as the step). */
    private static final int STEP = 64 << 10;

    private FileRegion() {
    }

    /** Reads regions, hashing them or publishing them as request bodies, at most at the shipping rate cap. */
    static final class Reader {
        private final FilePart.Pacer pacer;

        /** @param maxBytesPerSecond the shipping rate cap, shared by every part in flight; 0 for none */
        Reader(long maxBytesPerSecond) {
            this.pacer = maxBytesPerSecond > 0 ? FilePart.Pacer.of(Throttle.perSecond(maxBytesPerSecond))
                    : FilePart.Pacer.NONE;
        }

        /**
         * Reads {@code [offset, offset + length)} of {@code file} once, feeding {@code carried} (the whole file's
         * digest, in order) and returning the region's MD5 in hex.
         */
        String hash(Path file, long offset, long length, MessageDigest carried) throws IOException {
            MessageDigest md5 = md5();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(STEP, Math.max(1, length)));
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                    int n = c.read(buffer, position);
                    if (n < 0) {
                        throw new EOFException(file + " ended at byte " + position + ", before its recorded size");
                    }
                    buffer.flip();
                    md5.update(buffer.duplicate());
                    carried.update(buffer);
                    position += n;
                }
            }
            return HexFormat.of().formatHex(md5.digest());
        }

        /** A request body of {@code length} bytes from {@code offset}, read from the file as it is sent. */
        S3Http.Body part(Path file, long offset, long length) {
            return new FilePart(file, offset, length, pacer);
        }
    }

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    private static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    /** {@code Content-MD5}'s form (base64) of an MD5 in hex. */
    static String base64(String md5Hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5Hex));
    }

    static String md5Base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(md5().digest(bytes));
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
