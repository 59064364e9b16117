package dev.edgeperf.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command and returns what it printed; tests replace it. */
@FunctionalInterface
interface CommandRunner {
    /** Output of {@code command}, or an exception if it could not run, failed or took longer than {@code timeout}. */
    String run(List<String> command, Duration timeout) throws IOException;

    /** Runs real processes, reading at most 4 KiB of output. */
    CommandRunner PROCESSES = (command, timeout) -> {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout);
            }
            String text = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IOException(command.get(0) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(command.get(0) + " was interrupted", e);
        }
    };
}
