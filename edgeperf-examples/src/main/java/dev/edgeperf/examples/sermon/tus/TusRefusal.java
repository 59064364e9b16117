package dev.edgeperf.examples.sermon.tus;

import dev.edgeperf.examples.sermon.upload.Refusal;

/** A tus request refused by the upload's state or the protocol's rules; see {@link Reason}. */
public final class TusRefusal extends Refusal {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No such upload: never created, or expired. */
        NOT_FOUND,
        /** The upload ended without a sermon (refused, terminated). */
        GONE,
        /** Another request for the same upload is running. */
        LOCKED,
        /** The offset given is not the bytes received. */
        OFFSET_MISMATCH,
        /** The chunk does not have the checksum given. */
        CHECKSUM_MISMATCH,
        /** A length differs from the one declared before. */
        LENGTH_FIXED,
        /** A length below what was received. */
        BAD_LENGTH,
        /** An upload of 0 bytes. */
        EMPTY,
        /** Too many unfinished uploads are kept. */
        TOO_MANY_UNFINISHED
    }

    public TusRefusal(Reason reason, String message) {
        super(reason, message);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
