package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A part's body as the HTTP client reads it: exactly the region, chunk by chunk, on demand. */
class FilePartPublisherTest {
    @TempDir
    Path dir;

    /** Asks for one chunk at a time, as the JDK's HTTP/1.1 client does, and collects what arrives. */
    private static class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        boolean complete;
        int chunks;
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer item) {
            chunks++;
            bytes.write(item.array(), item.arrayOffset() + item.position(), item.remaining());
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            failure.set(t);
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    private Path file(int size) throws Exception {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return Files.write(dir.resolve("part.bin"), bytes);
    }

    @Test
    void publishesExactlyTheRegionInChunksOf128KiB() throws Exception {
        Path file = file(1 << 20);
        Collector c = new Collector();
        new FilePartPublisher(file, 100_000, 300_000, FilePartPublisher.Pacer.NONE).subscribe(c);
        assertTrue(c.complete);
        assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(file), 100_000, 400_000), c.bytes.toByteArray());
        assertEquals(3, c.chunks);
    }

    @Test
    void aFileShorterThanThePartEndsInAnErrorNotAShortBody() throws Exception {
        Path file = file(1000);
        Collector c = new Collector();
        new FilePartPublisher(file, 0, 5000, FilePartPublisher.Pacer.NONE).subscribe(c);
        assertInstanceOf(EOFException.class, c.failure.get());
        assertTrue(!c.complete);
    }

    @Test
    void eachSubscriptionReadsTheRegionAgain() throws Exception {
        Path file = file(10_000);
        FilePartPublisher p = new FilePartPublisher(file, 0, 10_000, FilePartPublisher.Pacer.NONE);
        Collector first = new Collector();
        Collector second = new Collector();
        p.subscribe(first);
        p.subscribe(second);
        assertArrayEquals(first.bytes.toByteArray(), second.bytes.toByteArray());
        assertEquals(10_000, second.bytes.size());
    }

    /** The shipping cap's wiring: every chunk's bytes are paced before the chunk is read and handed on. */
    @Test
    void everyChunkIsPacedBeforeItIsPublished() throws Exception {
        Path file = file(300_000);
        java.util.List<String> events = new java.util.ArrayList<>();
        Collector c = new Collector() {
            @Override
            public void onNext(ByteBuffer item) {
                events.add("sent " + item.remaining());
                super.onNext(item);
            }
        };
        new FilePartPublisher(file, 0, 300_000, bytes -> events.add("paced " + bytes)).subscribe(c);
        assertEquals(java.util.List.of("paced 131072", "sent 131072", "paced 131072", "sent 131072", "paced 37856",
                "sent 37856"), events);
    }
}
