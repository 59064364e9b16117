package dev.edgeperf.examples.sermon.library;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON mapper and the answers' writer: thread-safe once configured, so shared. Records map field for field. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Writes answers: like {@link #MAPPER}, but a sermon's {@code client} (the uploader's address and user
     * agent) stays out of every answer; it is kept in the sidecar and the log.
     */
    public static final ObjectWriter ANSWERS = MAPPER.copy().addMixIn(SermonRecord.class, WithoutClient.class).writer();

    @JsonIgnoreProperties("client")
    private interface WithoutClient {
    }

    private Json() {
    }
}
