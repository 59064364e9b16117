package dev.edgeperf.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real file channel that fails with an injected {@link IOException} at one chosen operation: every time, or,
 * for {@code FORCE_ONCE}, at the first force only (as Linux reports a write-back error to one fsync).
 */
final class FaultyChannel extends FileChannel {
    enum Fault { NONE, WRITE, FORCE, FORCE_ONCE, CLOSE }

    private final FileChannel real;
    private final Fault fault;
    private boolean failedOnce;

    FaultyChannel(FileChannel real, Fault fault) {
        this.real = real;
        this.fault = fault;
    }

    private void maybeFail(Fault at) throws IOException {
        if (fault == at) {
            throw new IOException("injected " + at.name().toLowerCase() + " failure");
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        maybeFail(Fault.WRITE);
        return real.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        maybeFail(Fault.WRITE);
        return real.write(src, position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        maybeFail(Fault.WRITE);
        return real.write(srcs, offset, length);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        maybeFail(Fault.FORCE);
        if (fault == Fault.FORCE_ONCE && !failedOnce) {
            failedOnce = true;
            throw new IOException("injected force failure");
        }
        real.force(metaData);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
        maybeFail(Fault.CLOSE);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        maybeFail(Fault.WRITE);
        return real.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }
}
