package io.snapledger.image;

import java.io.Closeable;
import java.io.IOException;

/**
 * Guest writes that become visible together. A qcow2 image maps the new clusters of all of them
 * with one metadata switch at {@link #commit()} instead of one per write, which is what makes
 * copying gigabytes between layers cheap. Until the commit, reads of the image may not see the
 * writes. Closing without a commit drops whatever is not visible yet.
 */
public interface WriteBatch extends Closeable {

    /** Writes guest bytes, as {@link DiskImage#write(long, byte[], int, int)}. */
    void write(long offset, byte[] src, int srcOffset, int length) throws IOException;

    /** Makes every write of the batch visible, in one step where the format allows it. */
    void commit() throws IOException;
}
