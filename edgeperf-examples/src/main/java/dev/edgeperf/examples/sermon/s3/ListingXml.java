package dev.edgeperf.examples.sermon.s3;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/** Reads the few elements the service needs from S3's XML answers (listings, upload ids). Stateless. */
final class ListingXml {
    private ListingXml() {
    }

    /** The text of the first element named {@code name}, if any. */
    static Optional<String> element(byte[] xml, String name) throws S3XmlException {
        List<String> all = elements(xml, name, 1);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The texts of every element named {@code name}, at most {@code max}. */
    static List<String> elements(byte[] xml, String name, int max) throws S3XmlException {
        List<String> found = new ArrayList<>();
        try {
            XMLStreamReader r = Xml.reader(new ByteArrayInputStream(xml));
            while (r.hasNext() && found.size() < max) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(name)) {
                    found.add(r.getElementText());
                }
            }
        } catch (XMLStreamException e) {
            throw new S3XmlException("the store's answer is not the XML S3 sends: " + e.getMessage());
        }
        return found;
    }

    /**
     * The children named in {@code fields} of every element named {@code record} (at most {@code max}), each
     * as a map from child name to text: e.g. the {@code Key}, {@code UploadId} and {@code Initiated} of each
     * {@code Upload} of a multipart-upload listing.
     */
    static List<Map<String, String>> records(byte[] xml, String record, Set<String> fields, int max) throws S3XmlException {
        List<Map<String, String>> found = new ArrayList<>();
        try {
            XMLStreamReader r = Xml.reader(new ByteArrayInputStream(xml));
            @Nullable Map<String, String> current = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(record)) {
                    if (found.size() == max) {
                        break;
                    }
                    current = new HashMap<>();
                    found.add(current);
                } else if (event == XMLStreamConstants.START_ELEMENT && current != null && fields.contains(r.getLocalName())) {
                    current.put(r.getLocalName(), r.getElementText());
                } else if (event == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals(record)) {
                    current = null;
                }
            }
        } catch (XMLStreamException e) {
            throw new S3XmlException("the store's answer is not the XML S3 sends: " + e.getMessage());
        }
        return found;
    }

    /** An answer that is not well-formed XML: the store (or something in between) is not speaking S3. */
    static final class S3XmlException extends java.io.IOException implements dev.edgeperf.resilience.PermanentFailure {
        private static final long serialVersionUID = 1L;

        S3XmlException(String message) {
            super(message);
        }
    }
}
