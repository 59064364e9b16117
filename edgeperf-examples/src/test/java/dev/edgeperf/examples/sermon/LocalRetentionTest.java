package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.UploadHandler;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With LOCAL_RETENTION, a shipped sermon plays from the Pi though the object store is gone. */
class LocalRetentionTest {
    @TempDir
    Path dir;

    private static byte[] upload(TestService s) throws Exception {
        byte[] wav = Wavs.bytes(200_000, 11);
        assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + "sunday.wav")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build()).statusCode());
        S3StorageTest.await("the outbox ships the sermon", () -> S3StorageTest.outboxEmpty(s));
        return wav;
    }

    @Test
    void aShippedSermonIsKeptAndServedWithoutTheStore() throws Exception {
        S3Proxy s3 = S3Proxy.start(Files.createDirectories(dir.resolve("s3")));
        try (TestService s = TestService.start(dir.resolve("data"), Clock.systemUTC(), S3StorageTest.QUICK,
                with(s3.settings(), "LOCAL_RETENTION", "7d"))) {
            byte[] wav = upload(s);
            assertTrue(Files.exists(dir.resolve("data/kept/sunday.wav")), "kept on the Pi");
            s3.close();
            HttpResponse<byte[]> download = s.http.send(s.request("/api/files/sunday.wav").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertArrayEquals(wav, download.body(), "from the kept copy, the store being gone");
        } finally {
            s3.close();
        }
    }

    @Test
    void withoutRetentionTheLocalCopyGoesOnceShipped() throws Exception {
        try (S3Proxy s3 = S3Proxy.start(Files.createDirectories(dir.resolve("s3")));
                TestService s = TestService.start(dir.resolve("data"), Clock.systemUTC(), S3StorageTest.QUICK, s3.settings())) {
            upload(s);
            assertTrue(!Files.exists(dir.resolve("data/kept/sunday.wav")) && !Files.exists(dir.resolve("data/sermons/sunday.wav")));
        }
    }

    private static String[] with(String[] settings, String... more) {
        String[] all = java.util.Arrays.copyOf(settings, settings.length + more.length);
        System.arraycopy(more, 0, all, settings.length, more.length);
        return all;
    }
}
