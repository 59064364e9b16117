package dev.edgeperf.io;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * The digests edgeperf computes while bytes stream past. All are in every Java 17+ runtime.
 *
 * <p>SHA-256 hashed 1.9 GB/s on one core of the benchmark machine (x86 with SHA-NI; see
 * {@code HashCopyBenchmark}); a Pi 4 has no SHA instructions and is several times slower, a Pi 5 has ARM's.
 * CRC32C is hardware-accelerated on both architectures and far faster than any digest, but catches only
 * transmission errors, not tampering.
 *
 * @since 0.1.0
 */
public enum HashAlgorithm {
    /** SHA-256, the default: what the sermon service verifies uploads with. */
    SHA_256("SHA-256", 32),
    /** SHA-1: tus's most widely supported checksum algorithm; not collision-resistant. */
    SHA_1("SHA-1", 20),
    /** SHA-512. */
    SHA_512("SHA-512", 64),
    /** MD5: for S3's {@code Content-MD5} header only; broken for security. */
    MD5("MD5", 16),
    /** CRC-32C (Castagnoli), hardware-accelerated; as S3's {@code x-amz-checksum-crc32c}, big-endian. */
    CRC32C("CRC32C", 4);

    private final String standardName;
    private final int digestLength;

    HashAlgorithm(String standardName, int digestLength) {
        this.standardName = standardName;
        this.digestLength = digestLength;
    }

    /**
     * The name used by the JCA and by protocols: {@code SHA-256}, {@code SHA-1}, {@code MD5}, {@code CRC32C}.
     *
     * @return the standard name
     */
    public String standardName() {
        return standardName;
    }

    /**
     * Length of a digest in bytes.
     *
     * @return bytes per digest
     */
    public int digestLength() {
        return digestLength;
    }

    /**
     * The algorithm with this standard name, ignoring case and dashes ({@code sha256}, {@code SHA-256},
     * {@code sha-1}).
     *
     * @param name a standard name, in any case, with or without dashes
     * @return the algorithm
     * @throws IllegalArgumentException naming the value and the names allowed
     */
    public static HashAlgorithm fromName(String name) {
        String wanted = name.replace("-", "").replace("_", "");
        for (HashAlgorithm a : values()) {
            if (a.standardName.replace("-", "").equalsIgnoreCase(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown hash algorithm '" + name
                + "': allowed SHA-256, SHA-1, SHA-512, MD5, CRC32C");
    }

    /** Whether a running computation can be copied, which {@link AppendableFile} needs for checkpoints. */
    boolean isCopyable() {
        return this != CRC32C;
    }

    Engine newEngine() {
        if (this == CRC32C) {
            return new ChecksumEngine();
        }
        try {
            return new DigestEngine(MessageDigest.getInstance(standardName));
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide these algorithms (java.security.MessageDigest Javadoc).
            throw new IllegalStateException(standardName + " is missing from this Java runtime", e);
        }
    }

    /** One running digest computation. Not thread-safe. */
    interface Engine {
        void update(byte[] bytes, int offset, int length);

        /** Consumes the buffer's remaining bytes. */
        void update(ByteBuffer buffer);

        byte[] finish();

        /** An independent engine in the same state; later updates to either do not affect the other. */
        Engine copy();
    }

    private static final class DigestEngine implements Engine {
        private final MessageDigest digest;

        DigestEngine(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public void update(ByteBuffer buffer) {
            digest.update(buffer);
        }

        @Override
        public byte[] finish() {
            return digest.digest();
        }

        @Override
        public Engine copy() {
            try {
                return new DigestEngine((MessageDigest) digest.clone());
            } catch (CloneNotSupportedException e) {
                // The JDK's providers clone every digest edgeperf offers; a third-party provider might not.
                throw new UnsupportedOperationException(digest.getAlgorithm() + " from " + digest.getProvider()
                        + " cannot be copied", e);
            }
        }
    }

    private static final class ChecksumEngine implements Engine {
        private final CRC32C crc = new CRC32C();

        @Override
        public void update(byte[] bytes, int offset, int length) {
            crc.update(bytes, offset, length);
        }

        @Override
        public void update(ByteBuffer buffer) {
            crc.update(buffer);
        }

        @Override
        public byte[] finish() {
            int value = (int) crc.getValue();
            return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        }

        @Override
        public Engine copy() {
            throw new UnsupportedOperationException("CRC32C keeps its state hidden and cannot be copied");
        }
    }
}
