package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against the examples AWS publishes for S3's Signature Version 4 (header authentication). */
class SigV4Test {
    private static final SigV4 SIGNER = new SigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "us-east-1");
    private static final Instant WHEN = Instant.parse("2013-05-24T00:00:00Z");

    @Test
    void signsAwsGetObjectExample() {
        Map<String, String> headers = SIGNER.sign("GET", URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                Map.of("host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9"), SigV4.EMPTY_SHA256, WHEN);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", headers.get("Authorization"));
    }

    @Test
    void signsAwsListObjectsExampleWithItsQuerySorted() {
        Map<String, String> headers = SIGNER.sign("GET", URI.create("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J"),
                Map.of("host", "examplebucket.s3.amazonaws.com"), SigV4.EMPTY_SHA256, WHEN);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                + " Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", headers.get("Authorization"));
    }

    @Test
    void encodesAsS3WantsLeavingOnlyUnreservedCharacters() {
        assertEquals("Sermon%20%C3%A9%2A~._-%2F", SigV4.encode("Sermon é*~._-/"));
    }
}
