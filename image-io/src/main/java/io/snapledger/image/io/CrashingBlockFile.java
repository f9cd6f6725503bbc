package io.snapledger.image.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Fault injection: lets the first {@code writesAllowed} writes through, then fails every later
 * write and flush as if the process had died at that point. Used to prove that an operation cut
 * short at any write leaves a valid image behind.
 */
public final class CrashingBlockFile extends ForwardingBlockFile {
    private final long writesAllowed;
    private long writes;

    public CrashingBlockFile(BlockFile delegate, long writesAllowed) {
        super(delegate);
        this.writesAllowed = writesAllowed;
    }

    /** Thrown at the simulated crash point. */
    public static final class SimulatedCrash extends IOException {
        public SimulatedCrash(long write) {
            super("simulated crash before write #" + write);
        }
    }

    public long writesSeen() {
        return writes;
    }

    public boolean crashed() {
        return writes > writesAllowed;
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        writes++;
        if (writes > writesAllowed) {
            throw new SimulatedCrash(writes);
        }
        delegate.write(position, src);
    }

    @Override
    public void flush() throws IOException {
        if (writes > writesAllowed) {
            throw new SimulatedCrash(writes);
        }
        delegate.flush();
    }
}
