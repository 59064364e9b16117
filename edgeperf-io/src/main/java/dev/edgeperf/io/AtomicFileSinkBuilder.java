package dev.edgeperf.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Configures an {@link AtomicFileSink}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once. Not
 * thread-safe; {@link #open()} may be called once per file.
 *
 * @since 0.1.0
 */
public final class AtomicFileSinkBuilder {
    final Path target;
    @Nullable Long expectedLength;
    @Nullable Digest expectedDigest;
    @Nullable Boolean fsync;
    @Nullable Boolean replaceExisting;
    AtomicFileSink.ChannelOpener opener = path -> FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    AtomicFileSinkBuilder(Path target) {
        this.target = target;
    }

    /**
     * The exact length the file must have; writes beyond it fail at once, fewer bytes fail at commit.
     *
     * @param bytes zero or more
     * @return this builder
     */
    public AtomicFileSinkBuilder expectedLength(long bytes) {
        Checks.requireUnset(expectedLength, "expectedLength");
        if (bytes < 0) {
            throw new IllegalArgumentException("expectedLength must be >= 0, was " + bytes);
        }
        this.expectedLength = bytes;
        return this;
    }

    /**
     * The digest the file must have; checked at commit.
     *
     * @param digest computed on the way as bytes are written
     * @return this builder
     */
    public AtomicFileSinkBuilder expectedDigest(Digest digest) {
        Checks.requireUnset(expectedDigest, "expectedDigest");
        this.expectedDigest = Objects.requireNonNull(digest, "digest");
        return this;
    }

    /**
     * Whether to flush the file and its directory to disk at commit (default true).
     *
     * @param fsync false only for files a power cut may lose
     * @return this builder
     */
    public AtomicFileSinkBuilder fsync(boolean fsync) {
        Checks.requireUnset(this.fsync, "fsync");
        this.fsync = fsync;
        return this;
    }

    /**
     * Whether an existing target may be replaced (default false: commit fails instead).
     *
     * @param replace true to replace it atomically
     * @return this builder
     */
    public AtomicFileSinkBuilder replaceExisting(boolean replace) {
        Checks.requireUnset(replaceExisting, "replaceExisting");
        this.replaceExisting = replace;
        return this;
    }

    /** How the temporary file is created and opened; tests inject I/O failures through it. */
    AtomicFileSinkBuilder channelOpener(AtomicFileSink.ChannelOpener opener) {
        this.opener = opener;
        return this;
    }

    /**
     * Creates the temporary file beside the target and opens the sink.
     *
     * @return an open sink, to be committed or closed
     * @throws IOException if the directory does not exist or is not writable (the message names it)
     */
    public AtomicFileSink open() throws IOException {
        Path dir = AtomicFileSink.directoryOf(target);
        String name = target.getFileName().toString();
        String prefix = "." + (name.length() > AtomicFileSink.MAX_PREFIX ? name.substring(0, AtomicFileSink.MAX_PREFIX) : name) + ".";
        for (int attempt = 0; ; attempt++) {
            Path temporary = dir.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                return new AtomicFileSink(this, temporary, opener.open(temporary));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
