package io.snapledger.command.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotCompensated;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotFailed;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortSnapshot;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.CompensateDeviceSnapshot;
import io.snapledger.events.command.CompensateLiveSnapshot;
import io.snapledger.events.command.SaveLiveSnapshot;
import io.snapledger.events.command.CompensateLiveOverlays;
import io.snapledger.events.command.SwitchLiveOverlays;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.command.PrepareDeviceSnapshot;
import io.snapledger.events.model.DeviceLocation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * All-or-nothing snapshot of several devices. Asks every device to prepare at once; once every
 * device has answered, if any failed, asks every device to compensate (a device that failed may
 * have done part of its work), and when all have, aborts. Completion is the aggregate's decision.
 *
 * <p>For a running domain (SnapshotStarted says online) the same protocol runs with one live step
 * for all devices: QEMU's snapshot-save job takes every disk at one instant, and its undo removes
 * the tag from every disk; or, disk-only external, one transaction switches every disk to its new
 * overlay (for an external system checkpoint also with the VM paused and its memory migrated to
 * a file in between), and its undo commits each back. The live writer's report names each device, so the per-device events
 * (prepared, failed, compensated) this saga counts are the same as offline.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class SnapshotSaga {
    private static final String KEY = "snapshotUuid";

    private String domain;
    private UUID snapshotUuid;
    private long snapshotId;
    private String snapshotName;
    private UUID parentUuid;
    private java.time.Instant takenAt;
    private CommandMetadata meta;
    private List<DeviceLocation> locations = new ArrayList<>();
    private Set<String> awaitingPrepare = new LinkedHashSet<>();
    private Set<String> awaitingCompensation = new LinkedHashSet<>();
    private String failure;
    /** Taken from a running domain: one live step for every device, through QEMU. */
    private boolean online;
    /** An external system checkpoint's memory state file; null for any other snapshot. */
    private String memoryFile;

    @StartSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(SnapshotStarted e, CommandGateway gateway) {
        domain = e.domain();
        snapshotUuid = e.snapshotUuid();
        snapshotId = e.id();
        snapshotName = e.name();
        parentUuid = e.parentUuid();
        takenAt = e.meta().occurredAt();
        meta = SagaCommands.meta(e.meta());
        locations = new ArrayList<>(e.locations());
        for (DeviceLocation at : locations) {
            awaitingPrepare.add(at.device());
        }
        online = e.online();
        memoryFile = e.memory().mode() == MemoryMode.EXTERNAL ? e.memory().file() : null;
        if (online && external()) {
            SagaCommands.send(gateway, new SwitchLiveOverlays(domain, snapshotUuid, snapshotId, snapshotName, parentUuid,
                    locations, takenAt, memoryFile, meta));
        } else if (online) {
            SagaCommands.send(gateway, new SaveLiveSnapshot(domain, snapshotUuid, snapshotName, devices(), takenAt, meta));
        } else {
            prepare(gateway);
        }
    }

    /**
     * A running domain's snapshot is all external (disk-only or with its memory in a file of its
     * own: one transaction) or all internal (one save job).
     */
    private boolean external() {
        return locations.stream().allMatch(at -> at.mode() == DiskSnapshotMode.EXTERNAL);
    }

    private List<String> devices() {
        return locations.stream().map(DeviceLocation::device).toList();
    }

    private void prepare(CommandGateway gateway) {
        for (DeviceLocation at : locations) {
            if (awaitingPrepare.contains(at.device())) {
                SagaCommands.send(gateway, new PrepareDeviceSnapshot(domain, snapshotUuid, snapshotId, snapshotName, parentUuid, at,
                        takenAt, meta));
            }
        }
    }

    /**
     * After a restart the snapshot is not complete (the aggregate completes it when the last device
     * prepared), so it is undone on every device: a step that never ran, or ran without reporting,
     * is undone all the same, by the UUID and operation id it leaves behind.
     */
    @SagaEventHandler(associationProperty = KEY)
    public void on(OperationResumed e, CommandGateway gateway) {
        if (awaitingCompensation.isEmpty()) {
            awaitingPrepare.clear();
            failure = failure != null ? failure : Interruptions.BEFORE_EVERY_DEVICE_ANSWERED;
            locations.forEach(at -> awaitingCompensation.add(at.device()));
        }
        compensate(gateway);
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceSnapshotPrepared e, CommandGateway gateway) {
        awaitingPrepare.remove(e.device());
        compensateOnceAllAnswered(gateway);
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceSnapshotFailed e, CommandGateway gateway) {
        awaitingPrepare.remove(e.device());
        if (failure == null) {
            failure = "device " + e.device() + " failed (" + e.errorCode() + "): " + e.message();
        }
        compensateOnceAllAnswered(gateway);
    }

    private void compensateOnceAllAnswered(CommandGateway gateway) {
        if (failure == null || !awaitingPrepare.isEmpty() || !awaitingCompensation.isEmpty()) {
            return;
        }
        for (DeviceLocation at : locations) {
            awaitingCompensation.add(at.device());
        }
        compensate(gateway);
    }

    private void compensate(CommandGateway gateway) {
        if (online && external()) {
            SagaCommands.send(gateway, new CompensateLiveOverlays(domain, snapshotUuid, locations, memoryFile, meta));
            return;
        }
        if (online) {
            SagaCommands.send(gateway, new CompensateLiveSnapshot(domain, snapshotUuid, snapshotName, devices(), takenAt,
                    meta));
            return;
        }
        for (DeviceLocation at : locations) {
            if (awaitingCompensation.contains(at.device())) {
                SagaCommands.send(gateway, new CompensateDeviceSnapshot(domain, snapshotUuid, at, meta));
            }
        }
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceSnapshotCompensated e, CommandGateway gateway) {
        if (awaitingCompensation.remove(e.device()) && awaitingCompensation.isEmpty()) {
            SagaCommands.send(gateway, new AbortSnapshot(domain, snapshotUuid, failure, meta));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(SnapshotCompleted e) {
        // every device prepared: nothing left to undo
    }

    @EndSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(SnapshotAborted e) {
        // every device compensated
    }
}
