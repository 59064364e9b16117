package dev.edgeperf.examples.sermon.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * An S3 error answer: the HTTP status and, when the store sent one, the XML body's {@code Code},
 * {@code Message} and {@code Region}. {@link Bucket} turns it into a retryable failure, a refusal, or a
 * {@link StoreProblem}. Immutable.
 *
 * @param status the HTTP status
 * @param code S3's error code ({@code NoSuchBucket}, {@code SignatureDoesNotMatch}, ...), or "" if none was sent
 * @param message the store's message, or ""
 * @param region the region the store named ({@code AuthorizationHeaderMalformed}, {@code PermanentRedirect},
 *     or the {@code x-amz-bucket-region} header), or ""
 */
record S3Error(int status, String code, String message, String region) {
    /** Error bodies are small; a longer one is cut, not read whole. */
    private static final int MAX_BODY = 16 << 10;

    /** The error in an answer of {@code status} with {@code body} (possibly empty: HEAD answers have none). */
    static S3Error of(int status, byte[] body, @Nullable String regionHeader) {
        String code = "";
        String message = "";
        String region = regionHeader == null ? "" : regionHeader;
        if (body.length > 0) {
            try {
                XMLStreamReader xml = Xml.reader(new java.io.ByteArrayInputStream(body, 0, Math.min(body.length, MAX_BODY)));
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                        switch (xml.getLocalName()) {
                            case "Code" -> code = xml.getElementText().strip();
                            case "Message" -> message = xml.getElementText().strip();
                            case "Region" -> region = xml.getElementText().strip();
                            default -> { }
                        }
                    }
                }
            } catch (XMLStreamException e) {
                message = "an error body that is not S3's XML";
            }
        }
        return new S3Error(status, code, message, region);
    }

    /** Reads at most 16 KiB of an error body. */
    static byte[] readBody(InputStream in) throws IOException {
        return in.readNBytes(MAX_BODY);
    }

    /** Whether the store does not implement the call: 501, {@code NotImplemented}, or 405 / 400 for an unknown operation. */
    boolean notImplemented() {
        return status == 501 || code.equals("NotImplemented") || status == 405 || code.equals("MethodNotAllowed")
                || (status == 400 && (code.equals("InvalidRequest") || code.equals("UnsupportedOperation")
                        || (code.equals("InvalidArgument") && message.contains("not supported"))));
    }

    /** A short description for messages: "403 SignatureDoesNotMatch (The request signature ...)". */
    String describe() {
        return status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : " (" + message + ")");
    }

    Optional<String> regionHint() {
        return region.isEmpty() ? Optional.empty() : Optional.of(region);
    }
}
