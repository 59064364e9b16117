package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.io.Throttle;
import java.io.EOFException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body read from a region of a file as the HTTP client asks for it, 128 KiB at a time (the JDK's
 * {@code ofInputStream} hands over 16 KiB arrays, eight times the items and copies), at most at the
 * pacer's rate (the shipping cap, {@code S3_MAX_RATE}). Each subscription opens its own channel, so a
 * retried request reads the region again. Holds no buffer between chunks: a chunk is allocated, filled and
 * handed on. Thread-safe as a publisher;
 * a subscription is driven by its subscriber's requests, which it serialises.
 */
final class FilePartPublisher implements HttpRequest.BodyPublisher {
    private static final int CHUNK = 128 << 10;

    /** Paces the bytes about to be read and sent: waits, if a rate cap says so, before they go. */
    @FunctionalInterface
    interface Pacer {
        /** No cap. */
        Pacer NONE = bytes -> { };

        void pace(long bytes) throws IOException;

        /** The pace of {@code throttle}. */
        static Pacer of(Throttle throttle) {
            return throttle::acquire;
        }
    }

    private final Path file;
    private final long offset;
    private final long length;
    private final Pacer pacer;

    FilePartPublisher(Path file, long offset, long length, Pacer pacer) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.pacer = pacer;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(e);
            return;
        }
        subscriber.onSubscribe(new Reading(subscriber, channel));
    }

    private final class Reading implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final FileChannel channel;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger draining = new AtomicInteger();
        private volatile boolean cancelled;
        private long position = offset;
        private boolean done;

        Reading(Flow.Subscriber<? super ByteBuffer> subscriber, FileChannel channel) {
            this.subscriber = subscriber;
            this.channel = channel;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("a subscriber asked for " + n + " items: allowed 1 or more"));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drainOnce();
        }

        /** Drains on this thread unless another is draining, which then sees the new demand or cancellation. */
        private void drainOnce() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            do {
                drain();
            } while (draining.decrementAndGet() != 0);
        }

        private void drain() {
            long end = offset + length;
            while (!done) {
                if (cancelled) {
                    finish();
                    return;
                }
                if (demand.get() == 0) {
                    return;
                }
                if (position >= end) {
                    finish();
                    subscriber.onComplete();
                    return;
                }
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, end - position));
                try {
                    pacer.pace(chunk.capacity());
                    while (chunk.hasRemaining()) {
                        if (channel.read(chunk, position + chunk.position()) < 0) {
                            throw new EOFException(file + " ended at byte " + (position + chunk.position())
                                    + ", inside the part being sent");
                        }
                    }
                } catch (IOException e) {
                    finish();
                    subscriber.onError(e);
                    return;
                }
                position += chunk.capacity();
                demand.decrementAndGet();
                subscriber.onNext(chunk.flip());
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            drainOnce();
        }

        private void finish() {
            done = true;
            try {
                channel.close();
            } catch (IOException e) {
                // Read-only: closing cannot lose anything.
            }
        }
    }
}
