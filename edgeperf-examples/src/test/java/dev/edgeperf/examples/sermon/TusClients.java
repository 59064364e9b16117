package dev.edgeperf.examples.sermon;

import dev.edgeperf.examples.sermon.http.TusHandler;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** tus-java-client, the reference Java client, set up for the service under test. */
final class TusClients {
    private TusClients() {
    }

    static TusClient client(URI base, TusURLMemoryStore urls) throws IOException {
        TusClient client = new TusClient();
        client.setUploadCreationURL(base.resolve(TusHandler.PATH).toURL());
        client.enableResuming(urls);
        client.setHeaders(Map.of("Authorization", "Bearer " + TestService.TOKEN));
        return client;
    }

    /** A generated WAV of {@code length} bytes named {@code name}, fingerprinted by name and seed. */
    static TusUpload upload(String name, long length, long seed) {
        TusUpload upload = new TusUpload();
        upload.setInputStream(Wavs.stream(length, seed));
        upload.setSize(length);
        upload.setFingerprint(name + "-" + length + "-" + seed);
        upload.setMetadata(Map.of("filename", name, "filetype", "audio/wav"));
        return upload;
    }

    /** Uploads everything that is left and finishes. */
    static TusUploader uploadAll(TusUploader uploader) throws IOException, ProtocolException {
        while (uploader.uploadChunk() > -1) {
            // each call sends one chunk
        }
        uploader.finish();
        return uploader;
    }
}
