package dev.edgeperf.examples.sermon.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the object store is and how to sign in to it: {@code S3_ENDPOINT}, {@code S3_ACCESS_KEY},
 * {@code S3_SECRET_KEY}, {@code S3_BUCKET}, {@code S3_SECURE}, {@code S3_REGION}, {@code S3_ADDRESSING},
 * {@code S3_CREATE_BUCKET} (the {@code MINIO_*} names are aliases). Immutable. The keys are secrets:
 * {@link #toString} and every error leave them out.
 *
 * @param endpoint scheme, host and port, e.g. {@code http://192.168.1.10:9000}
 * @param accessKey the access key id
 * @param secretKey the secret key
 * @param bucket the bucket
 * @param region the region requests are signed for ({@code us-east-1} for most stores that are not AWS)
 * @param pathStyle whether the bucket goes in the path ({@code host/bucket/key}, what MinIO, Ceph, Garage and
 *     S3Proxy expect) or in the host name ({@code bucket.host/key}, what AWS wants for new buckets)
 * @param createBucket whether a missing bucket is created
 */
public record S3Settings(URI endpoint, String accessKey, String secretKey, String bucket, String region,
        boolean pathStyle, boolean createBucket) {
    /** The region of a store that does not care, and of AWS's first one. */
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");

    /** Path-style, us-east-1, bucket created if missing: what a local MinIO or S3Proxy needs. */
    public S3Settings(URI endpoint, String accessKey, String secretKey, String bucket) {
        this(endpoint, accessKey, secretKey, bucket, DEFAULT_REGION, true, true);
    }

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
            boolean secure, String region, String addressing, boolean createBucket) {
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        URI uri = endpoint(endpoint, secure);
        if (accessKey.isEmpty()) {
            throw new IllegalArgumentException("S3_ACCESS_KEY is empty: it is required with S3_ENDPOINT");
        }
        if (secretKey.isEmpty()) {
            throw new IllegalArgumentException("S3_SECRET_KEY is empty: it is required with S3_ENDPOINT");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("S3_BUCKET=" + bucket + " is not allowed: allowed 3-63 of a-z 0-9 . -,"
                    + " starting and ending with a letter or digit");
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("S3_REGION=" + region + " is not allowed: allowed a region name such as"
                    + " us-east-1 or eu-central-1 (1-32 of a-z 0-9 -)");
        }
        boolean pathStyle = switch (addressing) {
            case "path" -> true;
            case "virtual" -> false;
            case "auto" -> !uri.getHost().endsWith(".amazonaws.com");
            default -> throw new IllegalArgumentException("S3_ADDRESSING=" + addressing + " is not allowed: allowed auto"
                    + " (virtual-hosted for AWS, path-style for every other store), path or virtual");
        };
        return Optional.of(new S3Settings(uri, accessKey, secretKey, bucket, region, pathStyle, createBucket));
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
        throw new IllegalArgumentException("S3_ENDPOINT=" + value + " is not allowed: allowed host:port (e.g. 192.168.1.10:9000)"
                + " or an http(s) URL with no path, user or query");
    }

    /** Whether the store is reached over TLS. */
    public boolean secure() {
        return endpoint.getScheme().equals("https");
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", pathStyle=" + pathStyle
                + ", createBucket=" + createBucket + ", keys not shown]";
    }
}
