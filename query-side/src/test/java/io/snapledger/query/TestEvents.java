package io.snapledger.query;

import io.snapledger.events.DeletionEvent.ChildReparented;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotMerged;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.DomainLifecycleEvent.DomainUndefined;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.ReconcileEvent.DriftDetected;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.SnapshotOnDevice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builds events of one domain as the command side writes them: each event one second after the
 * previous, numbered snapshot ids, one actor until told otherwise. Event ids come from a
 * counter, so two builders make the same events.
 */
final class TestEvents {

    static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    private final String domain;
    private Instant clock = START;
    private long nextId = 1;
    private long nextEvent = 1;
    private String actor = "alice";
    private UUID operation = operation(0);

    TestEvents(String domain) {
        this.domain = domain;
    }

    String domain() {
        return domain;
    }

    /** The time of the last event made. */
    Instant now() {
        return clock;
    }

    TestEvents actor(String who) {
        this.actor = who;
        return this;
    }

    /** The next events belong to a new operation (correlation id). */
    TestEvents newOperation() {
        operation = operation(nextEvent);
        return this;
    }

    UUID operation() {
        return operation;
    }

    EventMetadata meta() {
        clock = clock.plusSeconds(1);
        UUID eventId = new UUID(0xE0E0_0000_0000_4000L | domain.hashCode() & 0xFFFFL, nextEvent++);
        return new EventMetadata(eventId, clock, actor, null, operation);
    }

    DomainDefined defined() {
        return new DomainDefined(domain, List.of(
                new DeviceSpec("vda", vda(), ImageFormat.QCOW2),
                new DeviceSpec("vdb", vdb(), ImageFormat.RAW)), false, meta());
    }

    DomainUndefined undefined() {
        return new DomainUndefined(domain, meta());
    }

    DeviceImageChanged imageChanged(String device, String oldPath, String newPath) {
        return new DeviceImageChanged(domain, device, oldPath, newPath, ImageFormat.QCOW2, meta());
    }

    SnapshotStarted started(UUID uuid, String name, UUID parent) {
        return new SnapshotStarted(domain, uuid, nextId++, name, null, parent, MemoryPlan.none(),
                List.of(DevicePlan.internal("vda"), DevicePlan.excluded("vdb")),
                List.of(DeviceLocation.internal("vda", vda())), false, meta());
    }

    /** vda internal, vdb external: its raw image is frozen and {@code overlay} takes the writes. */
    SnapshotStarted startedExternal(UUID uuid, String name, UUID parent, String overlay) {
        return new SnapshotStarted(domain, uuid, nextId++, name, "before upgrade", parent, MemoryPlan.none(),
                List.of(DevicePlan.internal("vda"), DevicePlan.external("vdb", overlay)),
                List.of(DeviceLocation.internal("vda", vda()),
                        DeviceLocation.external("vdb", vdb(), ImageFormat.RAW, overlay)), false, meta());
    }

    String vda() {
        return "/images/" + domain + "-vda.qcow2";
    }

    String vdb() {
        return "/images/" + domain + "-vdb.raw";
    }

    DeviceSnapshotPrepared prepared(UUID uuid, String device, DiskSnapshotMode mode, String file) {
        return prepared(uuid, device, mode, file, null);
    }

    DeviceSnapshotPrepared prepared(UUID uuid, String device, DiskSnapshotMode mode, String file, String digest) {
        return new DeviceSnapshotPrepared(domain, uuid, device, mode, file, digest, meta());
    }

    SnapshotCompleted completed(UUID uuid) {
        return new SnapshotCompleted(domain, uuid, meta());
    }

    SnapshotAborted aborted(UUID uuid) {
        return new SnapshotAborted(domain, uuid, "vdb ran out of space", meta());
    }

    RevertStarted revertStarted(UUID uuid, long id, UUID previous) {
        return new RevertStarted(domain, uuid, id, previous, List.of(DevicePlan.internal("vda")),
                List.of(DeviceLocation.internal("vda", vda())), meta());
    }

    RevertCompleted revertCompleted(UUID uuid) {
        return new RevertCompleted(domain, uuid, meta());
    }

    RevertAborted revertAborted(UUID uuid) {
        return new RevertAborted(domain, uuid, "vda could not revert", meta());
    }

    /** A deletion with device work: the snapshot's part on vda is dropped before it is deleted. */
    DeletionStarted deletionStartedWithWork(UUID uuid, long id) {
        return new DeletionStarted(domain, uuid, DeleteMode.MERGE, List.of(uuid),
                List.of(new SnapshotOnDevice(uuid, id, DeviceLocation.internal("vda", vda()))), java.util.Map.of(), meta());
    }

    OperationResumed resumed(UUID uuid, String kind) {
        return new OperationResumed(domain, uuid, kind, meta());
    }

    DeletionStarted deletionStarted(UUID uuid, DeleteMode mode, List<UUID> affected) {
        return new DeletionStarted(domain, uuid, mode, affected, List.of(), java.util.Map.of(), meta());
    }

    DeviceSnapshotMerged merged(UUID uuid) {
        return new DeviceSnapshotMerged(domain, uuid, "vda", meta());
    }

    ChildReparented reparented(UUID child, UUID oldParent, UUID newParent) {
        return new ChildReparented(domain, child, oldParent, newParent, meta());
    }

    SnapshotDeleted deleted(UUID uuid) {
        return new SnapshotDeleted(domain, uuid, meta());
    }

    DeletionAborted deletionAborted(UUID uuid) {
        return new DeletionAborted(domain, uuid, "merge failed on vda", meta());
    }

    CurrentSnapshotSet currentSet(UUID uuid, UUID previous) {
        return new CurrentSnapshotSet(domain, uuid, previous, meta());
    }

    SnapshotRenamed renamed(UUID uuid, String oldName, String newName) {
        return new SnapshotRenamed(domain, uuid, oldName, newName, meta());
    }

    SnapshotDescribed described(UUID uuid, String description) {
        return new SnapshotDescribed(domain, uuid, description, meta());
    }

    SnapshotImported imported(UUID uuid, long id, String name, UUID parent, Instant creationTime) {
        return new SnapshotImported(domain, uuid, id, name, "found on disk", parent, creationTime, MemoryPlan.none(),
                List.of(DevicePlan.internal("vda"), DevicePlan.excluded("vdb")), ImportSource.REDEFINE, meta());
    }

    DriftDetected drift() {
        return new DriftDetected(domain, "vda", "active-layer-moved", "expected a.qcow2, found b.qcow2", meta());
    }

    static UUID uuid(int n) {
        return new UUID(0x5A0_0000_0000_4000L, n);
    }

    private static UUID operation(long n) {
        return new UUID(0xC0FFEE00_0000_4000L, n);
    }
}
