package dev.edgeperf.examples.sermon.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold secrets or their hashes (the install token, the tokens file): written to a new file of mode 0600,
 * readable by no one else even for a moment, and flushed to the disk before the caller moves or links it into
 * place. Stateless.
 */
final class PrivateFile {
    private PrivateFile() {
    }

    /** Replaces {@code temporary} with a new file of mode 0600 (where the file system has modes) holding {@code text}. */
    static void write(Path temporary, String text) throws IOException {
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
    }
}
