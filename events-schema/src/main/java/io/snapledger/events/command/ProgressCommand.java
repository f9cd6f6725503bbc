package io.snapledger.events.command;

import java.util.UUID;

/**
 * What the sagas and device writers report back to the {@code Domain} aggregate while a take,
 * revert or delete is under way. Each records one fact; the aggregate refuses reports that do not
 * fit the operation in flight (e.g. a device outside the plan, or a report after completion).
 */
public sealed interface ProgressCommand extends DomainCommand
        permits RecordDevicePrepared, RecordDeviceFailed, RecordMemoryStateSaved, RecordDeviceCompensated,
                AbortSnapshot, RecordDeviceReverted, RecordDeviceRevertFailed, RecordDeviceRevertCompensated,
                RecordDeviceRevertCommitted,
                AbortRevert, RecordDeviceSnapshotMerged, RecordDeviceSnapshotDiscardReady, RecordDeviceSnapshotDiscarded,
                AbortDeletion, RecordLiveSnapshotSaved, RecordLiveSnapshotLoaded, RecordLiveSnapshotDeleted {

    /** The snapshot of the operation the report belongs to. */
    UUID snapshotUuid();
}
