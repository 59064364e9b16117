package dev.edgeperf.examples;

import dev.edgeperf.pools.BufferLease;
import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.ObjectLease;
import dev.edgeperf.pools.ObjectPool;
import dev.edgeperf.pools.TierStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The quickest real demo of edgeperf-pools, until the sermon upload service lands: hashes files with
 * SHA-256 through pooled buffers and pooled digests, never holding a file in memory, then prints the
 * pools' stats.
 *
 * <p>Usage: {@code java -jar pool-demo.jar [FILE...]}. With no file, it writes a 64 MiB file of random
 * bytes to a temporary directory, hashes it three times, and deletes it.
 */
public final class PoolDemo {
    private PoolDemo() {
    }

    public static void main(String[] args) throws Exception {
        try (BufferPool buffers = BufferPool.heap().name("demo").build();
                ObjectPool<MessageDigest> digests = ObjectPool.builder(() -> MessageDigest.getInstance("SHA-256"))
                        .name("sha256").reset(MessageDigest::reset).build()) {
            if (args.length == 0) {
                Path file = Files.createTempFile("edgeperf-demo", ".bin");
                try {
                    writeRandom(file, 64L << 20, buffers);
                    for (int i = 0; i < 3; i++) {
                        hash(file, buffers, digests);
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
            } else {
                for (String name : args) {
                    hash(Path.of(name), buffers, digests);
                }
            }
            for (TierStats tier : buffers.stats().tiers()) {
                if (tier.acquires() > 0) {
                    System.out.printf("buffer tier %7d B: %d acquires, %.0f%% hits, %d bytes retained%n",
                            tier.capacity(), tier.acquires(), 100 * tier.hitRate(), tier.retainedBytes());
                }
            }
            System.out.println("digest pool: " + digests.stats());
        }
    }

    private static void hash(Path file, BufferPool buffers, ObjectPool<MessageDigest> digests) throws IOException {
        long size = Files.size(file);
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file);
                BufferLease lease = buffers.acquireForTransfer(size);
                ObjectLease<MessageDigest> digest = digests.borrow()) {
            byte[] chunk = lease.array();
            for (int n; (n = in.read(chunk)) > 0; ) {
                digest.get().update(chunk, 0, n);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s  %s  (%d bytes, %.0f MiB/s, %d-byte buffer)%n",
                    HexFormat.of().formatHex(digest.get().digest()), file.getFileName(), size,
                    size / seconds / (1 << 20), chunk.length);
        }
    }

    private static void writeRandom(Path file, long bytes, BufferPool buffers) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (OutputStream out = Files.newOutputStream(file); BufferLease lease = buffers.acquireForTransfer(bytes)) {
            byte[] chunk = lease.array();
            for (long left = bytes; left > 0; left -= chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (r >>> (8 * j));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }
}
