package dev.edgeperf.examples.sermon;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The components a start has brought up so far, in order, so that if a later step fails (the port is taken,
 * the store's settings are wrong) the ones already running are closed in reverse and no thread is left
 * behind. Not thread-safe: used by the thread that builds the service.
 */
public final class Started {
    /** How to close one started component. */
    @FunctionalInterface
    interface Closer {
        void close() throws Exception;
    }

    private final Deque<Closer> closers = new ArrayDeque<>();

    /** Records that {@code component} is running and how to close it; returns it. */
    <T> T add(T component, Closer closer) {
        closers.push(closer);
        return component;
    }

    /** Closes everything recorded, newest first; what fails to close is added to {@code cause} as suppressed. */
    void closeAll(Throwable cause) {
        while (!closers.isEmpty()) {
            try {
                closers.pop().close();
            } catch (Exception | Error e) {
                cause.addSuppressed(e);
            }
        }
    }
}
