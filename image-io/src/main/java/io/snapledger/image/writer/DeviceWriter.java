package io.snapledger.image.writer;

import java.io.IOException;

/**
 * The port through which the command side changes disk images: one device at a time, in three
 * steps so a group of devices can be made all-or-nothing.
 *
 * <p>Every method is idempotent for the same step (same operation id and snapshot UUID): after a
 * crash the caller simply calls again, and the writer finds what it did before instead of doing
 * it twice. {@link #compensate} is safe on a step that never prepared.
 */
public interface DeviceWriter {

    /** Does the device's work so it can still be undone. */
    DeviceResult prepare(DeviceStep step) throws IOException;

    /**
     * Makes prepared work final (after every device of the operation prepared). The result names
     * the device's active image afterwards, which only a deletion that merges files may change.
     */
    DeviceResult commit(DeviceStep step) throws IOException;

    /** Undoes prepared work: the device reads and holds exactly what it did before prepare. */
    void compensate(DeviceStep step) throws IOException;
}
