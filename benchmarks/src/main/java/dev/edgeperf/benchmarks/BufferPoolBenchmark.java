package dev.edgeperf.benchmarks;

import dev.edgeperf.pools.BufferLease;
import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.PooledBuffer;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Acquire + touch + release of one buffer, for edgeperf's {@link BufferPool} and its peers: plain
 * allocation, Netty's pooled and adaptive allocators, Jetty 12's {@code ArrayByteBufferPool} and a
 * Commons Pool 2 {@code GenericObjectPool} of buffers. Jetty's pool is set to pool the same sizes as
 * edgeperf's (up to 1 MiB; its default stops at 64 KiB, which would compare pooling with allocation). One thread here; {@link BufferPoolBenchmark2Threads}
 * runs the same methods with two threads sharing each pool. The heap is 1 GiB, as a Pi service's would
 * be, so G1 treats 1 MiB arrays as humongous there too. Run with {@code -prof gc} for allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:MaxDirectMemorySize=1g"})
@Threads(1)
@State(Scope.Benchmark)
public class BufferPoolBenchmark {

    @Param({"4096", "32768", "262144", "1048576"})
    public int size;

    @Param({"heap", "direct"})
    public String kind = "heap";

    private boolean direct;
    private BufferPool edgeperf;
    private PooledByteBufAllocator nettyPooled;
    private AdaptiveByteBufAllocator nettyAdaptive;
    private ArrayByteBufferPool jetty;
    private GenericObjectPool<ByteBuffer> commonsPool;

    @Setup(Level.Trial)
    public void setUp() {
        direct = kind.equals("direct");
        edgeperf = (direct ? BufferPool.direct() : BufferPool.heap()).name("bench").build();
        nettyPooled = PooledByteBufAllocator.DEFAULT;
        nettyAdaptive = new AdaptiveByteBufAllocator();
        // Jetty's default pools nothing above 64 KiB; configured like edgeperf's tiers, it pools up to 1 MiB.
        jetty = new ArrayByteBufferPool(0, -1, 1 << 20, Integer.MAX_VALUE, 64L << 20, 64L << 20);
        GenericObjectPoolConfig<ByteBuffer> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(8);
        config.setJmxEnabled(false);
        commonsPool = new GenericObjectPool<>(new BufferFactory(size, direct), config);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        edgeperf.close();
        commonsPool.close();
    }

    @Benchmark
    public byte edgeperf() {
        try (BufferLease lease = edgeperf.acquire(size)) {
            return touch(lease.buffer());
        }
    }

    /** The lease-free path: the pooled buffer is its own handle, so a reuse allocates nothing. */
    @Benchmark
    public byte edgeperfTake() {
        PooledBuffer buffer = edgeperf.take(size);
        try {
            return touch(buffer.buffer());
        } finally {
            buffer.release();
        }
    }

    @Benchmark
    public byte allocate() {
        return touch(direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size));
    }

    @Benchmark
    public byte nettyPooled() {
        return touchAndRelease(direct ? nettyPooled.directBuffer(size) : nettyPooled.heapBuffer(size));
    }

    @Benchmark
    public byte nettyAdaptive() {
        return touchAndRelease(direct ? nettyAdaptive.directBuffer(size) : nettyAdaptive.heapBuffer(size));
    }

    @Benchmark
    public byte jetty() {
        RetainableByteBuffer buffer = jetty.acquire(size, direct);
        try {
            // Jetty leases buffers empty (limit 0), ready to fill: open them to their size.
            return touch(buffer.getByteBuffer().limit(size));
        } finally {
            buffer.release();
        }
    }

    @Benchmark
    public byte commonsPool2() throws Exception {
        ByteBuffer buffer = commonsPool.borrowObject();
        try {
            return touch(buffer);
        } finally {
            commonsPool.returnObject(buffer);
        }
    }

    private byte touch(ByteBuffer buffer) {
        buffer.put(0, (byte) 1);
        buffer.put(size - 1, (byte) 2);
        return buffer.get(size / 2);
    }

    private byte touchAndRelease(ByteBuf buffer) {
        try {
            buffer.setByte(0, 1);
            buffer.setByte(size - 1, 2);
            return buffer.getByte(size / 2);
        } finally {
            buffer.release();
        }
    }

    private static final class BufferFactory extends BasePooledObjectFactory<ByteBuffer> {
        private final int size;
        private final boolean direct;

        BufferFactory(int size, boolean direct) {
            this.size = size;
            this.direct = direct;
        }

        @Override
        public ByteBuffer create() {
            return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        }

        @Override
        public PooledObject<ByteBuffer> wrap(ByteBuffer buffer) {
            return new DefaultPooledObject<>(buffer);
        }
    }
}
