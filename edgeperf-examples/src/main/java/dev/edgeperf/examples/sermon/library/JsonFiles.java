package dev.edgeperf.examples.sermon.library;

import dev.edgeperf.io.AtomicFileSink;
import java.io.IOException;
import java.nio.file.Path;

/** Small JSON files written so that a crash leaves the old version or the new one, never half of either. */
public final class JsonFiles {
    private JsonFiles() {
    }

    /** Writes {@code value} as JSON to {@code path}, replacing it atomically, fsynced. */
    public static void write(Path path, Object value) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(value);
        try (AtomicFileSink sink = AtomicFileSink.to(path).replaceExisting(true).fsync(true).expectedLength(bytes.length)
                .open()) {
            sink.outputStream().write(bytes);
            sink.commit();
        }
    }

    public static <T> T read(Path path, Class<T> type) throws IOException {
        return Json.MAPPER.readValue(path.toFile(), type);
    }
}
