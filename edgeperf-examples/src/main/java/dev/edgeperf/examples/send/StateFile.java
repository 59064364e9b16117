package dev.edgeperf.examples.send;

import dev.edgeperf.io.AtomicFileSink;
import io.tus.java.client.TusURLStore;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The upload URL of each recording being sent, by fingerprint ({@code sha256:<hex>}), kept in
 * {@code state.properties} so that a client killed mid-upload, a lost network or a restarted server resumes
 * from the server's offset instead of sending the recording again. Every change is written to a temporary
 * file, fsynced and renamed into place ({@link AtomicFileSink}): a power cut leaves the old state or the new,
 * never half of one. A state file that cannot be read is set aside as {@code state.properties.bad} and
 * uploads start afresh (the server then answers the bytes it has as a duplicate, or takes them again).
 * Thread-safe.
 */
final class StateFile implements TusURLStore {
    private final Path file;
    private final Properties urls = new Properties();

    StateFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("state.properties");
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                urls.load(in);
            } catch (IOException | IllegalArgumentException e) {
                Files.move(file, dir.resolve("state.properties.bad"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                urls.clear();
            }
        }
    }

    @Override
    public synchronized void set(String fingerprint, URL url) {
        urls.setProperty(fingerprint, url.toString());
        save();
    }

    @Override
    public synchronized @Nullable URL get(String fingerprint) {
        String url = urls.getProperty(fingerprint);
        try {
            return url == null ? null : new URL(url);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    public synchronized void remove(String fingerprint) {
        if (urls.remove(fingerprint) != null) {
            save();
        }
    }

    private void save() {
        try (AtomicFileSink sink = AtomicFileSink.to(file).replaceExisting(true).open()) {
            urls.store(sink.outputStream(), "sermon-send: uploads in progress (fingerprint = upload URL)");
            sink.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file, e);
        }
    }
}
