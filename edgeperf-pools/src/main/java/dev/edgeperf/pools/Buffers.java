package dev.edgeperf.pools;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Small helpers for heap and direct buffers alike. Stateless; thread-safe. */
final class Buffers {
    private static final byte[] ZEROS = new byte[8192];

    private Buffers() {
    }

    /** Writes zeros over the whole capacity, whatever the position and limit. */
    static void zero(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), buffer.arrayOffset(), buffer.arrayOffset() + buffer.capacity(), (byte) 0);
            return;
        }
        int capacity = buffer.capacity();
        for (int at = 0; at < capacity; at += ZEROS.length) {
            buffer.put(at, ZEROS, 0, Math.min(ZEROS.length, capacity - at));
        }
    }
}
