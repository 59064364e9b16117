package dev.edgeperf.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The upload harness's limit: what one core can do with an upload's bytes and no network or server at
 * all — read a file, SHA-256 it and write it to the same disk, fsynced at the end.
 * {@code HashedWriteLimit <source> <target>} prints the hex digest and the seconds taken.
 */
public final class HashedWriteLimit {
    private HashedWriteLimit() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long start = System.nanoTime();
        try (FileChannel in = FileChannel.open(Path.of(args[0]));
                FileChannel out = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buffer.clear()) >= 0) {
                buffer.flip();
                sha256.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        System.out.printf("%s %.3f%n", HexFormat.of().formatHex(sha256.digest()), (System.nanoTime() - start) / 1e9);
    }
}
