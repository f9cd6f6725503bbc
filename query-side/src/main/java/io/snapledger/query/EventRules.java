package io.snapledger.query;

import io.snapledger.events.DeletionEvent;
import io.snapledger.events.DeletionEvent.ChildReparented;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscarded;
import io.snapledger.events.DeletionEvent.DeviceSnapshotMerged;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent;
import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.DomainLifecycleEvent.QemuAttached;
import io.snapledger.events.model.QemuSnapshotId;
import io.snapledger.events.DomainLifecycleEvent.DomainUndefined;
import io.snapledger.events.EditEvent;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.ReconcileEvent;
import io.snapledger.events.RecoveryEvent;
import io.snapledger.events.RevertEvent;
import io.snapledger.events.RevertEvent.DeviceRevertCompensated;
import io.snapledger.events.RevertEvent.DeviceRevertFailed;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotCompensated;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotFailed;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.MemoryStateSaved;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;

import org.rocksdb.RocksDBException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What each event does to the projection (the rules are listed on {@link SnapshotProjection}).
 * Events that only record device work or failures change nothing but the history. A fact about
 * something the projection does not hold (a snapshot or domain it never saw, or already
 * removed) changes nothing either: the projection must keep up with the stream, not stop at it.
 */
final class EventRules {

    private final ProjectionWrite write;
    private final TreeEditor tree;
    private final OperationRules operations;

    EventRules(ProjectionWrite write) {
        this.write = write;
        this.tree = new TreeEditor(write);
        this.operations = new OperationRules(write);
    }

    void apply(DomainEvent event) throws RocksDBException {
        applyToTree(event);
        operations.apply(event);
    }

    private void applyToTree(DomainEvent event) throws RocksDBException {
        if (event instanceof DomainLifecycleEvent lifecycle) {
            applyLifecycle(lifecycle);
        } else if (event instanceof SnapshotCreationEvent creation) {
            applyCreation(creation);
        } else if (event instanceof RevertEvent revert) {
            applyRevert(revert);
        } else if (event instanceof DeletionEvent deletion) {
            applyDeletion(deletion);
        } else if (event instanceof EditEvent edit) {
            applyEdit(edit);
        } else if (event instanceof ReconcileEvent || event instanceof RecoveryEvent) {
            return; // drift and resumed operations change no node
        } else {
            throw new IllegalStateException("no projection rule for " + event.getClass().getName());
        }
    }

    private void applyLifecycle(DomainLifecycleEvent event) throws RocksDBException {
        byte[] domainKey = Keys.text(event.domain());
        if (event instanceof DomainDefined defined) {
            List<DeviceImage> devices = defined.devices().stream()
                    .map(spec -> new DeviceImage(spec.name(), spec.path(), spec.format())).toList();
            StoredDomain before = write.domain(defined.domain());
            OperationInFlight inFlight = before == null ? null : before.operation();
            write.putDomain(new StoredDomain(defined.domain(), defined.online(), devices, inFlight, null));
        } else if (event instanceof QemuAttached attached) {
            StoredDomain domain = write.domain(event.domain());
            if (domain != null) {
                write.putDomain(domain.withQemu(attached.qemu()));
            }
        } else if (event instanceof DomainUndefined) {
            // The tree goes; the audit history stays, as an audit log must.
            write.delete(Family.DOMAINS, domainKey);
            write.delete(Family.CURRENT, domainKey);
            write.deleteDomainRange(event.domain(), Family.NODES, Family.NAMES, Family.IDS);
        } else if (event instanceof DeviceImageChanged changed) {
            StoredDomain domain = write.domain(event.domain());
            if (domain != null) {
                DeviceImage image = new DeviceImage(changed.device(), changed.newPath(), changed.format());
                write.putDomain(domain.withActiveImage(image));
            }
        } else {
            throw new IllegalStateException("no projection rule for " + event.getClass().getName());
        }
    }

    private void applyCreation(SnapshotCreationEvent event) throws RocksDBException {
        String domain = event.domain();
        if (event instanceof SnapshotStarted started) {
            tree.upsert(new SnapshotNode(started.snapshotUuid(), domain, started.id(), started.name(),
                    started.description(), started.parentUuid(), List.of(), SnapshotState.CREATING,
                    devices(started.devices(), started.locations()), started.memory().mode(),
                    started.memory().file(), started.meta().occurredAt(), null));
        } else if (event instanceof DeviceSnapshotPrepared prepared) {
            SnapshotDevice unlisted = new SnapshotDevice(prepared.device(), prepared.mode(), null, null, prepared.file(),
                    prepared.contentDigest());
            tree.update(domain, prepared.snapshotUuid(), node -> node.withDevice(prepared.device(),
                    device -> device.prepared(prepared.mode(), prepared.file(), prepared.contentDigest()), unlisted));
        } else if (event instanceof SnapshotCreationEvent.LiveSnapshotSaved saved) {
            for (QemuSnapshotId id : saved.qemuIds()) {
                tree.update(domain, saved.snapshotUuid(), node -> node.withDevice(id.device(),
                        device -> device.withQemuId(id.idStr()), new SnapshotDevice(id.device(),
                                DiskSnapshotMode.INTERNAL, null, null, null, null, id.idStr())));
            }
        } else if (event instanceof SnapshotCompleted completed) {
            UUID uuid = completed.snapshotUuid();
            if (tree.node(domain, uuid).isPresent()) {
                tree.update(domain, uuid, node -> node.completedAt(completed.meta().occurredAt()));
                tree.setCurrent(domain, uuid);
            }
        } else if (event instanceof SnapshotAborted aborted) {
            tree.remove(domain, aborted.snapshotUuid());
        } else if (event instanceof DeviceSnapshotFailed || event instanceof DeviceSnapshotCompensated
                || event instanceof MemoryStateSaved) {
            return; // device work in progress: history only
        } else {
            throw new IllegalStateException("no projection rule for " + event.getClass().getName());
        }
    }

    private void applyRevert(RevertEvent event) throws RocksDBException {
        if (event instanceof RevertCompleted completed) {
            setCurrentIfKnown(event.domain(), completed.snapshotUuid());
        } else if (event instanceof RevertStarted || event instanceof DeviceReverted
                || event instanceof DeviceRevertFailed || event instanceof DeviceRevertCompensated
                || event instanceof RevertEvent.DeviceRevertCommitted || event instanceof RevertAborted
                || event instanceof RevertEvent.LiveSnapshotLoaded) {
            return; // until a revert completes, current does not move: history only
        } else {
            throw new IllegalStateException("no projection rule for " + event.getClass().getName());
        }
    }

    private void applyDeletion(DeletionEvent event) throws RocksDBException {
        String domain = event.domain();
        if (event instanceof DeletionStarted started) {
            for (UUID affected : started.affectedSnapshotUuids()) {
                tree.update(domain, affected, node -> node.withState(SnapshotState.DELETING));
            }
        } else if (event instanceof ChildReparented reparented) {
            tree.reparent(domain, reparented.childUuid(), reparented.newParentUuid());
        } else if (event instanceof SnapshotDeleted deleted) {
            tree.remove(domain, deleted.snapshotUuid());
        } else if (event instanceof DeletionAborted aborted) {
            // Whatever the mode, the affected snapshots are the named one or below it.
            for (SnapshotNode node : tree.subtree(domain, aborted.snapshotUuid())) {
                if (node.state() == SnapshotState.DELETING) {
                    tree.update(domain, node.uuid(), n -> n.withState(SnapshotState.READY));
                }
            }
        } else if (event instanceof DeviceSnapshotMerged || event instanceof DeviceSnapshotDiscarded
                || event instanceof DeletionEvent.DeviceSnapshotDiscardReady
                || event instanceof DeletionEvent.LiveSnapshotDeleted) {
            return; // device work in progress: history only
        } else {
            throw new IllegalStateException("no projection rule for " + event.getClass().getName());
        }
    }

    private void applyEdit(EditEvent event) throws RocksDBException {
        String domain = event.domain();
        if (event instanceof SnapshotRenamed renamed) {
            tree.rename(domain, renamed.snapshotUuid(), renamed.newName());
        } else if (event instanceof SnapshotDescribed described) {
            tree.update(domain, described.snapshotUuid(), node -> node.withDescription(described.description()));
        } else if (event instanceof SnapshotImported imported) {
            tree.upsert(new SnapshotNode(imported.snapshotUuid(), domain, imported.id(), imported.name(),
                    imported.description(), imported.parentUuid(), List.of(), SnapshotState.READY,
                    importedDevices(imported), imported.memory().mode(),
                    imported.memory().file(),
                    imported.creationTime(), imported.meta().occurredAt()));
        } else if (event instanceof CurrentSnapshotSet set) {
            if (set.snapshotUuid() == null) {
                tree.setCurrent(domain, null);
            } else {
                setCurrentIfKnown(domain, set.snapshotUuid());
            }
        } else {
            throw new IllegalStateException("no projection rule for " + event.getClass().getName());
        }
    }

    private void setCurrentIfKnown(String domain, UUID snapshot) throws RocksDBException {
        if (tree.node(domain, snapshot).isPresent()) {
            tree.setCurrent(domain, snapshot);
        }
    }

    /**
     * Where an imported snapshot's parts live, as the aggregate places them: a device whose plan
     * is unchanged from the node it replaces stays where it was; any other lies in the device's
     * active image at this point of the history.
     */
    private List<SnapshotDevice> importedDevices(SnapshotImported imported) throws RocksDBException {
        Map<String, SnapshotDevice> before = new HashMap<>();
        tree.node(imported.domain(), imported.snapshotUuid())
                .ifPresent(node -> node.devices().forEach(d -> before.put(d.device(), d)));
        Map<String, DeviceImage> active = new HashMap<>();
        StoredDomain domain = write.domain(imported.domain());
        if (domain != null) {
            domain.devices().forEach(d -> active.put(d.name(), d));
        }
        List<SnapshotDevice> devices = new ArrayList<>();
        for (DevicePlan plan : imported.devices()) {
            SnapshotDevice planned = SnapshotDevice.planned(plan);
            SnapshotDevice kept = before.get(plan.device());
            boolean unchanged = kept != null && kept.mode() == planned.mode()
                    && Objects.equals(kept.overlay(), planned.overlay());
            devices.add(unchanged ? kept : planned.placedIn(active.get(plan.device())));
        }
        return devices;
    }

    /** Each planned device, where the event says it lives if it does. */
    private static List<SnapshotDevice> devices(List<DevicePlan> plans, List<DeviceLocation> locations) {
        Map<String, DeviceLocation> byDevice = new HashMap<>();
        locations.forEach(location -> byDevice.put(location.device(), location));
        return plans.stream().map(plan -> plan.mode() != DiskSnapshotMode.NO && byDevice.containsKey(plan.device())
                ? SnapshotDevice.at(byDevice.get(plan.device())) : SnapshotDevice.planned(plan)).toList();
    }
}
