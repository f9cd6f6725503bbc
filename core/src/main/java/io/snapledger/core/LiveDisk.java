package io.snapledger.core;

import java.util.List;

/**
 * A disk of a running domain as its QEMU has it open ({@code query-block}): the active image and
 * the internal snapshots QEMU lists in it, fresher than a read of the file while QEMU runs.
 */
public record LiveDisk(String device, String file, String format, List<Entry> snapshots) {
    public LiveDisk {
        snapshots = List.copyOf(snapshots);
    }

    /** One internal snapshot as QEMU lists it (no snapledger extra data: QMP does not show it). */
    public record Entry(String id, String name, long vmStateSize, long dateSec, long dateNsec, long vmClockNanos) {
    }
}
