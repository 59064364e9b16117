package dev.edgeperf.examples.sermon.upload;

import dev.edgeperf.examples.sermon.library.SermonRecord;

/**
 * Hears how uploads end, off the request's critical path (implementations must return at once and never
 * throw). {@link DiscordNotifier} is the one the service has.
 */
public interface UploadListener {
    /** Listens to nothing. */
    public UploadListener NONE = new UploadListener() {
        @Override
        public void stored(SermonRecord record) {
        }

        @Override
        public void failed(String name, String reason, String client) {
        }
    };

    /** A sermon was stored. */
    public void stored(SermonRecord record);

    /** An upload was refused or failed, for {@code reason}. */
    public void failed(String name, String reason, String client);
}
