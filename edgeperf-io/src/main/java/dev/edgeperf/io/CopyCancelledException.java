package dev.edgeperf.io;

import java.io.InterruptedIOException;

/**
 * A copy stopped because its {@link CancelHandle} was cancelled or its thread interrupted (the interrupt
 * status stays set). The bytes copied so far were written; the target is incomplete.
 *
 * @since 0.1.0
 */
public final class CopyCancelledException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    /** Bytes written before the copy stopped. */
    private final long bytesCopied;

    CopyCancelledException(String reason, long bytesCopied) {
        super("copy " + reason + " after " + bytesCopied + " bytes");
        this.bytesCopied = bytesCopied;
    }

    /**
     * Bytes written before the copy stopped.
     *
     * @return the bytes written
     */
    public long bytesCopied() {
        return bytesCopied;
    }
}
