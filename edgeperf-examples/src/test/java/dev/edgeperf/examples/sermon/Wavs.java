package dev.edgeperf.examples.sermon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** WAV files for tests: a real 44-byte PCM header and deterministic pseudo-random samples, any size. */
public final class Wavs {
    static final int HEADER = 44;

    private Wavs() {
    }

    /** A 16-bit stereo 48 kHz PCM header for a file of {@code totalLength} bytes. */
    static byte[] header(long totalLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (totalLength - 8));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(48_000).putInt(48_000 * 4).putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) (totalLength - HEADER));
        return b.array();
    }

    /** A whole WAV file of {@code length} bytes in memory (for small files). */
    public static byte[] bytes(long length, long seed) {
        try (InputStream in = stream(length, seed)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A WAV file of {@code length} bytes generated as it is read, never held in memory. */
    static InputStream stream(long length, long seed) {
        byte[] header = header(length);
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                for (int i = 0; i < n; i++) {
                    long p = position + i;
                    b[off + i] = p < HEADER ? header[(int) p] : (byte) random.nextInt(256);
                }
                position += n;
                return n;
            }
        };
    }

    /** SHA-256 hex of a generated file, computed by streaming it. */
    static String sha256(long length, long seed) {
        try (InputStream in = stream(length, seed)) {
            return sha256(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 hex of everything {@code in} has left, read in 64 KiB steps. */
    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                d.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
