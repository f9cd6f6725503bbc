package io.snapledger.image.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link BlockFile} that hands every call to another; decorators override what they change. */
public abstract class ForwardingBlockFile implements BlockFile {
    protected final BlockFile delegate;

    protected ForwardingBlockFile(BlockFile delegate) {
        this.delegate = delegate;
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        delegate.read(position, dst);
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        delegate.write(position, src);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public boolean writable() {
        return delegate.writable();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
