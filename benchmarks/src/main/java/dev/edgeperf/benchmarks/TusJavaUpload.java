package dev.edgeperf.benchmarks;

import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.util.Map;

/**
 * Uploads one file with tus-java-client, the reference Java client, for the upload harness
 * ({@code benchmarks/uploader/harness.mjs}): {@code TusJavaUpload <creation-url> <file> <token> <chunk-bytes>}.
 * Prints the upload URL and the seconds taken; exits 1 on any failure.
 */
public final class TusJavaUpload {
    private TusJavaUpload() {
    }

    public static void main(String[] args) throws IOException, ProtocolException {
        if (args.length != 4) {
            System.err.println("usage: TusJavaUpload <creation-url> <file> <token> <chunk-bytes>");
            System.exit(2);
        }
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(args[0]));
        client.setHeaders(Map.of("Authorization", "Bearer " + args[2]));
        File file = new File(args[1]);
        TusUpload upload = new TusUpload(file);
        upload.setMetadata(Map.of("filename", file.getName(), "filetype", "audio/wav"));
        long start = System.nanoTime();
        TusUploader uploader = client.createUpload(upload);
        int chunk = Integer.parseInt(args[3]);
        uploader.setChunkSize(1 << 20);
        uploader.setRequestPayloadSize(chunk);
        while (uploader.uploadChunk() > -1) {
            // one chunk per call
        }
        uploader.finish();
        System.out.printf("%s %.3f%n", uploader.getUploadURL(), (System.nanoTime() - start) / 1e9);
    }
}
