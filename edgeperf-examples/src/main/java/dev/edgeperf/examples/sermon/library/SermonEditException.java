package dev.edgeperf.examples.sermon.library;

import java.io.IOException;
import java.util.Objects;

/**
 * An admin's change to a sermon (delete, rename, new details) that cannot be made as asked; nothing was changed.
 * The message names the sermon and the reason.
 */
public final class SermonEditException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the change was refused. */
    public enum Reason {
        /** No sermon has that name. */
        NOT_FOUND,
        /** The new name is not one the service would store a file under. */
        UNSAFE_NAME,
        /** Another sermon has the new name. */
        NAME_TAKEN,
        /** The sermon is being shipped to the object store now; try again once it has shipped. */
        BUSY,
        /** The object is larger than the store can copy in one request (5 GiB), which a rename or new metadata needs. */
        TOO_LARGE_TO_COPY
    }

    private final Reason reason;

    public SermonEditException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Never null: made with a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
