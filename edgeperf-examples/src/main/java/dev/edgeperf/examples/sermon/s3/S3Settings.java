package dev.edgeperf.examples.sermon.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the object store is and how to sign in to it: {@code MINIO_ENDPOINT}, {@code MINIO_ACCESS_KEY},
 * {@code MINIO_SECRET_KEY}, {@code MINIO_BUCKET}, {@code MINIO_SECURE}. Immutable. The keys are secrets:
 * {@link #toString} and every error leave them out.
 *
 * @param endpoint scheme, host and port, e.g. {@code http://192.168.1.10:9000}
 * @param accessKey the access key id
 * @param secretKey the secret key
 * @param bucket the bucket, created on start if missing
 */
public record S3Settings(URI endpoint, String accessKey, String secretKey, String bucket) {
    /** S3's bucket naming rules: 3–63 of a–z, 0–9, dots and hyphens, a letter or digit at both ends. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /**
     * Reads the settings; empty when {@code endpoint} is empty (sermons stay under {@code DATA_DIR}).
     *
     * @param endpoint {@code host:port} (the scheme then follows {@code secure}, https by default) or an http(s)
     *     URL, whose scheme wins
     * @throws IllegalArgumentException naming the first bad setting and what is allowed, never showing a key
     */
    public static Optional<S3Settings> parse(String endpoint, String accessKey, String secretKey, String bucket,
            boolean secure) {
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        URI uri = endpoint(endpoint, secure);
        if (accessKey.isEmpty()) {
            throw new IllegalArgumentException("MINIO_ACCESS_KEY is empty: it is required with MINIO_ENDPOINT");
        }
        if (secretKey.isEmpty()) {
            throw new IllegalArgumentException("MINIO_SECRET_KEY is empty: it is required with MINIO_ENDPOINT");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("MINIO_BUCKET=" + bucket + " is not allowed: allowed 3-63 of a-z 0-9 . -,"
                    + " starting and ending with a letter or digit");
        }
        return Optional.of(new S3Settings(uri, accessKey, secretKey, bucket));
    }

    private static URI endpoint(String value, boolean secure) {
        boolean hasScheme = value.contains("://");
        try {
            URI uri = new URI(hasScheme ? value : (secure ? "https://" : "http://") + value);
            String scheme = uri.getScheme();
            boolean plain = uri.getUserInfo() == null && (uri.getPath() == null || uri.getPath().isEmpty()
                    || uri.getPath().equals("/")) && uri.getQuery() == null && uri.getFragment() == null;
            if (uri.getHost() != null && plain && ("http".equals(scheme) || "https".equals(scheme))) {
                return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
            }
        } catch (URISyntaxException e) {
            // reported below with what is allowed
        }
        throw new IllegalArgumentException("MINIO_ENDPOINT=" + value + " is not allowed: allowed host:port (e.g. 192.168.1.10:9000)"
                + " or an http(s) URL with no path, user or query");
    }

    /** Whether the store is reached over TLS. */
    public boolean secure() {
        return endpoint.getScheme().equals("https");
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", keys not shown]";
    }
}
