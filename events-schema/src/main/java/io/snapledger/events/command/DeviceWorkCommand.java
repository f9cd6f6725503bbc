package io.snapledger.events.command;

import java.util.UUID;

/**
 * Work the sagas ask of the device writers, not of the aggregate: each changes image files and is
 * answered by a {@link ProgressCommand}. Writers are idempotent by
 * {@link CommandMetadata#correlationId()}, snapshot and device, so a retried command does its
 * work once.
 */
public sealed interface DeviceWorkCommand extends DomainCommand
        permits PrepareDeviceSnapshot, CompensateDeviceSnapshot, RevertDevice, CompensateDeviceRevert, CommitDeviceRevert,
                CheckDeviceSnapshotDiscard, DiscardDeviceSnapshot {

    /** The snapshot the work is for. */
    UUID snapshotUuid();

    /** The device the work is for. */
    String device();
}
