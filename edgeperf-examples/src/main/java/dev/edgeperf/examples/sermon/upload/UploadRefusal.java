package dev.edgeperf.examples.sermon.upload;

/** An upload refused by admission, receiving or storing; see {@link Reason}. */
public final class UploadRefusal extends Refusal {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** More bytes than allowed ({@code MAX_UPLOAD_SIZE}, or the length declared). */
        TOO_LARGE,
        /** All upload places, or all of this client's, are taken; try again shortly. */
        NO_PLACE,
        /** The post-processing workers stayed full; try again later. */
        BUSY,
        /** Memory is critically short. */
        NO_MEMORY,
        /** The disk cannot be promised the bytes. */
        NO_DISK_ROOM,
        /** The disk filled up while writing. */
        DISK_FULL,
        /** The same recording is already stored ({@code existing} names it). */
        DUPLICATE
    }

    public UploadRefusal(Reason reason, String message) {
        super(reason, message);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }

    /** The refusal of bytes beyond what is allowed. */
    public static UploadRefusal tooLarge(String message) {
        return new UploadRefusal(Reason.TOO_LARGE, message);
    }

    /**
     * Checks a declared length against {@code MAX_UPLOAD_SIZE}.
     *
     * @throws UploadRefusal {@link Reason#TOO_LARGE} naming both numbers
     */
    public static void checkDeclared(long length, long maxSize) {
        if (length > maxSize) {
            throw (UploadRefusal) tooLarge("the upload declares " + length + " bytes: allowed up to " + maxSize
                    + " (MAX_UPLOAD_SIZE)").detail("max_upload_size", maxSize);
        }
    }
}
