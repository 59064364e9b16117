package dev.edgeperf.examples.sermon.http;

import java.nio.file.Path;

/** The tokens file cannot be used as it is: the message names the file, the line and what is wrong with it. */
public final class TokenFileException extends Exception {
    private static final long serialVersionUID = 1L;

    TokenFileException(Path file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
    }

    TokenFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
