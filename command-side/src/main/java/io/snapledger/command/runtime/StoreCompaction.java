package io.snapledger.command.runtime;

/**
 * When closing the embedded store also compacts it: H2 copies the live pages into a fresh file
 * and replaces the old one. That copy takes time in proportion to the live data, not to the file:
 * 1.35 s for a 1.4 GB file holding 200,100 events (105 MB after). H2's other means were measured
 * and do not help here: {@code AUTO_COMPACT_FILL_RATE} works in the background thread that
 * {@code WRITE_DELAY=0} stops, {@code MAX_COMPACT_TIME} (the in-place compaction of a plain close)
 * gave nothing back from that file within 3 s, and {@code RETENTION_TIME=0} is documented as
 * unsafe when the disk has not yet flushed its buffers.
 *
 * @param minWasteBytes   compact only when at least this much would be given back, so the closes of
 *                        ordinary commands, which leave little waste, stay plain closes
 * @param minWastePercent and only when at least this share of the file would be given back
 * @param maxLiveBytes    compact only up to this much live data, so closing a large store after a
 *                        small command never takes long unexpectedly; {@code snapledger compact}
 *                        compacts any store on demand
 * @param reportsFailure  whether a compaction that fails (no disk space for the copy) fails the
 *                        close; the store is intact either way
 */
record StoreCompaction(long minWasteBytes, int minWastePercent, long maxLiveBytes, boolean reportsFailure) {

    private static final long MIB = 1024 * 1024;

    /**
     * At least 64 MiB of waste that outweighs the data (the file at least twice its data), and up
     * to 512 MiB of data, under ten seconds of copying at the rate measured on a shared machine.
     */
    static final StoreCompaction ON_CLOSE = new StoreCompaction(64 * MIB, 50, 512 * MIB, false);

    /** Asked for: compacts whatever the figures, and says so when it cannot. */
    static final StoreCompaction ALWAYS = new StoreCompaction(0, 0, Long.MAX_VALUE, true);

    boolean wanted(StoreSpace space) {
        return space.wasteBytes() >= minWasteBytes
                && space.wasteBytes() * 100 >= space.fileBytes() * minWastePercent
                && space.liveBytes() <= maxLiveBytes;
    }
}
