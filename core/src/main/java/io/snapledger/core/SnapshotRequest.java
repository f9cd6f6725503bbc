package io.snapledger.core;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.MemoryPlan;

import java.util.List;

/**
 * What {@link LedgerService#take} is asked for, in virsh's terms.
 *
 * @param name        the snapshot's name, or null for {@code snap<N>}
 * @param description free text, or null
 * @param memory      the memory plan, or null for the default of the domain's state
 * @param devices     how the devices named take part; devices not named take the default
 * @param diskOnly    {@code --disk-only}: no memory state
 */
public record SnapshotRequest(String domain, String name, String description, MemoryPlan memory,
                              List<DevicePlan> devices, boolean diskOnly) {
    public SnapshotRequest {
        devices = List.copyOf(devices);
    }

    /** A snapshot of every device with the defaults. */
    public static SnapshotRequest of(String domain, String name, String description) {
        return new SnapshotRequest(domain, name, description, null, List.of(), false);
    }
}
