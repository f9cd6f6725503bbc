package io.snapledger.events.command;

import java.util.List;
import java.util.UUID;

/**
 * Work the sagas ask of a running domain's QEMU, through the live writer: one QMP job covers
 * every device of the operation at once (QEMU saves the memory and every disk at one instant, or
 * loads them back together), so the work is one command for the domain rather than one per
 * device; the report names each device, and the aggregate records each device's part from it.
 * Answered by a {@link ProgressCommand}.
 */
public sealed interface LiveWorkCommand extends DomainCommand
        permits SaveLiveSnapshot, CompensateLiveSnapshot, LoadLiveSnapshot, DeleteLiveSnapshots, SwitchLiveOverlays,
                CompensateLiveOverlays {

    /** The snapshot (or for a deletion, the operation) the work is for. */
    UUID snapshotUuid();

    /** The devices the job covers, in the domain's order. */
    List<String> devices();
}
