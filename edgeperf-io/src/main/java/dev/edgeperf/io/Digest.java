package dev.edgeperf.io;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One digest: its algorithm, its bytes, and how many input bytes it covers. Immutable and thread-safe.
 *
 * <p>Equality compares the algorithm and the digest bytes only, not the length, so a digest parsed from
 * a client ({@link #ofHex}, {@link #ofBase64}; length unknown) equals the one computed over the same
 * bytes.
 *
 * @since 0.1.0
 */
public final class Digest {
    private final HashAlgorithm algorithm;
    private final byte[] bytes;
    private final long length;

    Digest(HashAlgorithm algorithm, byte[] bytes, long length) {
        this.algorithm = algorithm;
        this.bytes = bytes;
        this.length = length;
    }

    /**
     * A digest given as hexadecimal (either case), for example an expected checksum.
     *
     * @param algorithm the algorithm that made it
     * @param hex its bytes in hexadecimal
     * @return the digest
     * @throws IllegalArgumentException if {@code hex} is not hexadecimal of the algorithm's length
     */
    public static Digest ofHex(HashAlgorithm algorithm, String hex) {
        Objects.requireNonNull(algorithm, "algorithm");
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + hex + "' is not hexadecimal", e);
        }
        return parsed(algorithm, bytes, hex);
    }

    /**
     * A digest given in standard Base64, as tus's {@code Upload-Checksum} and S3's {@code Content-MD5} carry it.
     *
     * @param algorithm the algorithm that made it
     * @param base64 its bytes in Base64
     * @return the digest
     * @throws IllegalArgumentException if {@code base64} is not Base64 of the algorithm's length
     */
    public static Digest ofBase64(HashAlgorithm algorithm, String base64) {
        Objects.requireNonNull(algorithm, "algorithm");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + base64 + "' is not Base64", e);
        }
        return parsed(algorithm, bytes, base64);
    }

    private static Digest parsed(HashAlgorithm algorithm, byte[] bytes, String text) {
        if (bytes.length != algorithm.digestLength()) {
            throw new IllegalArgumentException("'" + text + "' is " + bytes.length + " bytes, but a " + algorithm.standardName()
                    + " digest is " + algorithm.digestLength());
        }
        return new Digest(algorithm, bytes, -1);
    }

    /**
     * The algorithm.
     *
     * @return the algorithm
     */
    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * A copy of the digest bytes.
     *
     * @return a new array
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The digest in lower-case hexadecimal.
     *
     * @return lower-case hexadecimal
     */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The digest in standard Base64 with padding.
     *
     * @return Base64 with padding
     */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * How many input bytes the digest covers; -1 for a digest parsed from text.
     *
     * @return the input length, or -1
     */
    public long length() {
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.algorithm == algorithm && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return algorithm.standardName() + ":" + hex();
    }
}
