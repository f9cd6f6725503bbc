package io.snapledger.command.domain;

import io.snapledger.events.DeletionEvent.ChildReparented;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscardReady;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscarded;
import io.snapledger.events.DeletionEvent.DeviceSnapshotMerged;
import io.snapledger.events.DeletionEvent.LiveSnapshotDeleted;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.DomainLifecycleEvent.DomainUndefined;
import io.snapledger.events.DomainLifecycleEvent.QemuAttached;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.ReconcileEvent.DriftDetected;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.RevertEvent.DeviceRevertCommitted;
import io.snapledger.events.RevertEvent.DeviceRevertCompensated;
import io.snapledger.events.RevertEvent.DeviceRevertFailed;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.LiveSnapshotLoaded;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotCompensated;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotFailed;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.LiveSnapshotSaved;
import io.snapledger.events.SnapshotCreationEvent.MemoryStateSaved;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortDeletion;
import io.snapledger.events.command.AbortRevert;
import io.snapledger.events.command.AbortSnapshot;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.RecordDeviceSnapshotMerged;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.command.ImportSnapshot;
import io.snapledger.events.command.RecordDeviceCompensated;
import io.snapledger.events.command.RecordDrift;
import io.snapledger.events.command.RecordDeviceFailed;
import io.snapledger.events.command.RecordDevicePrepared;
import io.snapledger.events.command.RecordDeviceRevertCommitted;
import io.snapledger.events.command.RecordDeviceRevertCompensated;
import io.snapledger.events.command.RecordDeviceRevertFailed;
import io.snapledger.events.command.RecordDeviceReverted;
import io.snapledger.events.command.RecordDeviceSnapshotDiscardReady;
import io.snapledger.events.command.RecordDeviceSnapshotDiscarded;
import io.snapledger.events.command.RecordLiveSnapshotDeleted;
import io.snapledger.events.command.RecordLiveSnapshotLoaded;
import io.snapledger.events.command.RecordLiveSnapshotSaved;
import io.snapledger.events.command.RecordMemoryStateSaved;
import io.snapledger.events.command.RedefineSnapshot;
import io.snapledger.events.command.RenameSnapshot;
import io.snapledger.events.command.ResumeOperation;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.SetCurrentSnapshot;
import io.snapledger.events.command.SetDeviceImage;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.command.UndefineDomain;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLayers;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.model.LiveTag;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.SnapshotOnDevice;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A virtual machine and the history of its snapshots: the one place that decides. Handlers check
 * a rule, then record facts; event handlers only remember. Device work happens elsewhere (sagas
 * and device writers) and reports back with Record* commands; when the last device has answered,
 * this aggregate decides how the operation ends.
 *
 * <p>Its fields, with those of {@link SnapshotNode} and {@link Operation}, are also written as a
 * state checkpoint (Axon's aggregate snapshot, JSON read field by field), stamped with the
 * {@link Revision} below. Only a checkpoint of this revision is read; any other is passed over
 * and the domain loads from all its events. Raise the revision whenever a checkpoint written
 * before would be read wrongly: a field added, removed, renamed or retyped, or an event sourcing
 * handler that now derives different state from the same events.
 */
@Revision(Domain.STATE_REVISION)
public class Domain {
    /** The shape of the state a checkpoint holds; see the class comment for when to raise it. */
    public static final String STATE_REVISION = "2";

    @AggregateIdentifier
    private String name;
    private boolean defined;
    private boolean online;
    /** How its QEMU is reached, for a live domain; null for a domain of images only. */
    private QemuLink qemu;
    private final Map<String, DeviceSpec> devices = new LinkedHashMap<>();
    private final Map<UUID, SnapshotNode> snapshots = new LinkedHashMap<>();
    private UUID current;
    private long lastId;
    private Operation operation;
    private DeleteMode deletionMode;

    protected Domain() {
        // for Axon
    }

    // ------------------------------------------------------------------ domain lifecycle

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DefineDomain command, Clock clock, Identities ids) {
        if (defined) {
            throw refuse("DOMAIN_EXISTS", "domain " + command.domain() + " is already defined; undefine it first "
                    + "or choose another name");
        }
        if (command.devices().isEmpty()) {
            throw refuse("NO_DEVICES", "a domain needs at least one device; add --disk NAME=PATH");
        }
        apply(new DomainDefined(command.domain(), command.devices(), command.online(), meta(command.meta(), clock, ids)));
        if (command.qemu() != null) {
            apply(new QemuAttached(command.domain(), command.qemu(), meta(command.meta(), clock, ids)));
        }
    }

    @CommandHandler
    public void handle(UndefineDomain command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        if (!snapshots.isEmpty()) {
            throw refuse("HAS_SNAPSHOTS", "domain " + name + " still has " + snapshots.size() + " snapshot(s); delete "
                    + "them first (snapshot-delete --metadata forgets one and keeps the images)");
        }
        apply(new DomainUndefined(name, meta(command.meta(), clock, ids)));
    }

    // ------------------------------------------------------------------ take

    @CommandHandler
    public UUID handle(TakeSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        UUID uuid = ids.newUuid();
        long id = Math.max(lastId, command.minimumId() == null ? 0 : command.minimumId() - 1) + 1;
        String snapshotName = command.name() != null ? command.name() : SnapshotNames.generate(id, uuid, names());
        SnapshotNames.check(snapshotName);
        requireNameFree(snapshotName);
        boolean onlineNow = onlineNow(command.observed());
        SnapshotPlanner.Plan plan = SnapshotPlanner.plan(devices, onlineNow, command, snapshotName);
        apply(new SnapshotStarted(name, uuid, id, snapshotName, command.description(), current, plan.memory(),
                plan.devices(), plan.locations(), onlineNow, meta(command.meta(), clock, ids)));
        return uuid;
    }

    @CommandHandler
    public void handle(RecordDevicePrepared command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.TAKE, command.snapshotUuid());
        if (!op.pending.contains(command.device())) {
            return;
        }
        apply(new DeviceSnapshotPrepared(name, command.snapshotUuid(), command.device(), command.mode(),
                command.file(), command.contentDigest(), meta(command.meta(), clock, ids)));
        if (op.succeeded()) {
            completeTake(op, () -> meta(command.meta(), clock, ids));
        }
    }

    /** Every part is done: external devices now write to their overlays, and the snapshot completes. */
    private void completeTake(Operation op, Supplier<EventMetadata> meta) {
        SnapshotNode node = snapshots.get(op.snapshotUuid);
        for (DeviceLocation at : node.locations.values()) {
            if (at.mode() == DiskSnapshotMode.EXTERNAL) {
                apply(new DeviceImageChanged(name, at.device(), at.image(), at.overlay(), ImageFormat.QCOW2,
                        meta.get()));
            }
        }
        apply(new SnapshotCompleted(name, op.snapshotUuid, meta.get()));
    }

    /**
     * A running domain's QEMU took the snapshot in one job: that job stands for every device's
     * part, so each device is recorded prepared from it, and the snapshot completes.
     */
    @CommandHandler
    public void handle(RecordLiveSnapshotSaved command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.TAKE, command.snapshotUuid());
        if (op.pending.isEmpty() || op.failure != null) {
            return;
        }
        apply(new LiveSnapshotSaved(name, command.snapshotUuid(), command.jobId(), command.tag(),
                command.vmstateDevice(), command.qemuIds(), command.vmStateSize(), meta(command.meta(), clock, ids)));
        apply(new MemoryStateSaved(name, command.snapshotUuid(), MemoryMode.INTERNAL, command.vmstateDevice(), null,
                command.vmStateSize(), meta(command.meta(), clock, ids)));
        for (String device : List.copyOf(op.pending)) {
            apply(new DeviceSnapshotPrepared(name, command.snapshotUuid(), device, DiskSnapshotMode.INTERNAL, null, null,
                    meta(command.meta(), clock, ids)));
        }
        apply(new SnapshotCompleted(name, op.snapshotUuid, meta(command.meta(), clock, ids)));
    }

    /**
     * An external system checkpoint's memory state is in its file: one more part of the take, which
     * completes once this and every device are recorded, whichever report comes last.
     */
    @CommandHandler
    public void handle(RecordMemoryStateSaved command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.TAKE, command.snapshotUuid());
        if (!op.pending.contains(Operation.MEMORY)) {
            return;
        }
        apply(new MemoryStateSaved(name, command.snapshotUuid(), command.mode(), command.device(), command.file(),
                command.sizeBytes(), meta(command.meta(), clock, ids)));
        if (op.succeeded()) {
            completeTake(op, () -> meta(command.meta(), clock, ids));
        }
    }

    @CommandHandler
    public void handle(RecordDeviceFailed command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.TAKE, command.snapshotUuid());
        if (op.pending.contains(command.device())) {
            apply(new DeviceSnapshotFailed(name, command.snapshotUuid(), command.device(), command.errorCode(),
                    command.message(), meta(command.meta(), clock, ids)));
        }
    }

    @CommandHandler
    public void handle(RecordDeviceCompensated command, Clock clock, Identities ids) {
        requireOperation(Operation.Kind.TAKE, command.snapshotUuid());
        apply(new DeviceSnapshotCompensated(name, command.snapshotUuid(), command.device(),
                meta(command.meta(), clock, ids)));
    }

    @CommandHandler
    public void handle(AbortSnapshot command, Clock clock, Identities ids) {
        requireOperation(Operation.Kind.TAKE, command.snapshotUuid());
        apply(new SnapshotAborted(name, command.snapshotUuid(), command.why(), meta(command.meta(), clock, ids)));
    }

    // ------------------------------------------------------------------ revert

    @CommandHandler
    public UUID handle(RevertToSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        SnapshotNode target = resolve(command.snapshot());
        requireReady(target);
        if (onlineNow(command.observed()) && !restartsFromState(target)) {
            return revertLive(target, command, clock, ids);
        }
        String suffix = ids.newUuid().toString().substring(0, 8);
        List<DevicePlan> plans = new ArrayList<>();
        for (DeviceLocation at : target.locations.values()) {
            DeviceSpec device = devices.get(at.device());
            if (at.mode() == DiskSnapshotMode.INTERNAL) {
                if (!device.path().equals(at.image())) {
                    throw refuse("INTERNAL_IN_FROZEN_IMAGE", "device " + at.device() + " has moved to " + device.path()
                            + " since snapshot '" + target.name + "' was taken inside " + at.image()
                            + "; reverting would change an image other snapshots depend on");
                }
                plans.add(DevicePlan.internal(at.device()));
            } else {
                plans.add(DevicePlan.external(at.device(), SnapshotPlanner.overlayName(
                        new DeviceSpec(at.device(), at.image(), at.format()), target.name + ".revert-" + suffix)));
            }
        }
        apply(new RevertStarted(name, target.uuid, target.id, current, plans, List.copyOf(target.locations.values()),
                meta(command.meta(), clock, ids)));
        return target.uuid;
    }

    /**
     * Whether a running domain goes back to an external system checkpoint: its disks as offline
     * (fresh overlays over the snapshot's frozen images, which the running QEMU only reads), after
     * which the caller starts a new QEMU from the saved state. Only a QEMU snapledger started can be
     * started again; an attached one is refused, saying what to do.
     */
    private boolean restartsFromState(SnapshotNode target) {
        boolean allExternal = !target.locations.isEmpty()
                && target.locations.values().stream().allMatch(at -> at.mode() == DiskSnapshotMode.EXTERNAL);
        if (target.memory.mode() != MemoryMode.EXTERNAL || !allExternal) {
            return false;
        }
        if (qemu == null || !qemu.managed()) {
            throw refuse("LIVE_REVERT_ATTACHED", "snapshot '" + target.name + "' is an external checkpoint, whose "
                    + "memory only a new QEMU can load, and domain " + name + " runs in a QEMU snapledger did not "
                    + "start; shut it down, revert it offline ('snapledger snapshot-revert " + name + " "
                    + target.name + "'), then start it with -incoming \"exec:cat '" + target.memory.file() + "'\"");
        }
        return true;
    }

    /** A running domain goes back with its memory in one snapshot-load job: only a snapshot taken with memory. */
    private UUID revertLive(SnapshotNode target, RevertToSnapshot command, Clock clock, Identities ids) {
        boolean allInternal = target.locations.values().stream().allMatch(at -> at.mode() == DiskSnapshotMode.INTERNAL);
        if (target.memory.mode() != MemoryMode.INTERNAL || !allInternal || target.locations.isEmpty()) {
            throw refuse("LIVE_UNSUPPORTED", "snapshot '" + target.name + "' holds no memory state inside its disks, "
                    + "and reverting a running domain to such a snapshot is not supported yet; shut domain " + name
                    + " off and revert it offline");
        }
        List<DevicePlan> plans = new ArrayList<>();
        for (DeviceLocation at : target.locations.values()) {
            if (!devices.get(at.device()).path().equals(at.image())) {
                throw refuse("INTERNAL_IN_FROZEN_IMAGE", "device " + at.device() + " has moved to "
                        + devices.get(at.device()).path() + " since snapshot '" + target.name + "' was taken inside "
                        + at.image() + "; reverting would change an image other snapshots depend on");
            }
            plans.add(DevicePlan.internal(at.device()));
        }
        String vmstateDevice = target.locations.keySet().iterator().next();
        apply(new RevertStarted(name, target.uuid, target.id, current, plans, List.copyOf(target.locations.values()),
                new LiveRevert(target.name, vmstateDevice, command.paused()), meta(command.meta(), clock, ids)));
        return target.uuid;
    }

    /** A running domain's QEMU reverted every device in one job: each is recorded reverted, and the revert completes. */
    @CommandHandler
    public void handle(RecordLiveSnapshotLoaded command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.REVERT, command.snapshotUuid());
        if (op.pending.isEmpty() || op.failure != null) {
            return;
        }
        apply(new LiveSnapshotLoaded(name, command.snapshotUuid(), command.jobId(), command.paused(),
                meta(command.meta(), clock, ids)));
        for (String device : List.copyOf(op.pending)) {
            apply(new DeviceReverted(name, command.snapshotUuid(), device, null, meta(command.meta(), clock, ids)));
        }
        for (String device : List.copyOf(op.done)) {
            apply(new DeviceRevertCommitted(name, command.snapshotUuid(), device, meta(command.meta(), clock, ids)));
        }
        apply(new RevertCompleted(name, op.snapshotUuid, meta(command.meta(), clock, ids)));
    }

    @CommandHandler
    public void handle(RecordDeviceReverted command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.REVERT, command.snapshotUuid());
        if (!op.pending.contains(command.device())) {
            return;
        }
        apply(new DeviceReverted(name, command.snapshotUuid(), command.device(), command.newActivePath(),
                meta(command.meta(), clock, ids)));
    }

    /** Once every reverted device let go of its way back, the revert completes. */
    @CommandHandler
    public void handle(RecordDeviceRevertCommitted command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.REVERT, command.snapshotUuid());
        if (!op.pending.isEmpty() || op.failure != null || op.ready.contains(command.device())) {
            return;
        }
        apply(new DeviceRevertCommitted(name, command.snapshotUuid(), command.device(), meta(command.meta(), clock, ids)));
        if (op.ready.containsAll(op.done)) {
            for (Map.Entry<String, String> moved : op.newActivePaths.entrySet()) {
                String old = devices.get(moved.getKey()).path();
                if (!old.equals(moved.getValue())) {
                    apply(new DeviceImageChanged(name, moved.getKey(), old, moved.getValue(), ImageFormat.QCOW2,
                            meta(command.meta(), clock, ids)));
                }
            }
            apply(new RevertCompleted(name, op.snapshotUuid, meta(command.meta(), clock, ids)));
        }
    }

    @CommandHandler
    public void handle(RecordDeviceRevertFailed command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.REVERT, command.snapshotUuid());
        if (op.pending.contains(command.device())) {
            apply(new DeviceRevertFailed(name, command.snapshotUuid(), command.device(), command.errorCode(),
                    command.message(), meta(command.meta(), clock, ids)));
        }
    }

    @CommandHandler
    public void handle(RecordDeviceRevertCompensated command, Clock clock, Identities ids) {
        requireOperation(Operation.Kind.REVERT, command.snapshotUuid());
        apply(new DeviceRevertCompensated(name, command.snapshotUuid(), command.device(),
                meta(command.meta(), clock, ids)));
    }

    @CommandHandler
    public void handle(AbortRevert command, Clock clock, Identities ids) {
        requireOperation(Operation.Kind.REVERT, command.snapshotUuid());
        apply(new RevertAborted(name, command.snapshotUuid(), command.why(), meta(command.meta(), clock, ids)));
    }

    // ------------------------------------------------------------------ delete

    @CommandHandler
    public UUID handle(DeleteSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        SnapshotNode target = resolve(command.snapshot());
        requireReady(target);
        boolean live = command.mode() != DeleteMode.METADATA && onlineNow(command.observed());
        DeletionPlanner.Plan plan = DeletionPlanner.plan(tree(), target.uuid, command.mode());
        List<SnapshotOnDevice> work = new ArrayList<>();
        Map<String, DeviceLayers> layers = new TreeMap<>();
        for (UUID affected : plan.deviceWork()) {
            SnapshotNode node = snapshots.get(affected);
            for (DeviceLocation at : node.locations.values()) {
                work.add(new SnapshotOnDevice(node.uuid, node.id, at));
                if (at.mode() == DiskSnapshotMode.EXTERNAL) {
                    layers.computeIfAbsent(at.device(), this::layersOf);
                }
            }
        }
        List<LiveTag> liveTags = live ? liveTags(work) : null;
        apply(new DeletionStarted(name, target.uuid, command.mode(), plan.affected(), work, layers, liveTags,
                meta(command.meta(), clock, ids)));
        if (work.isEmpty()) {
            finishDeletion(plan, () -> meta(command.meta(), clock, ids));
        }
        return target.uuid;
    }

    /** A running domain's QEMU drops internal entries by tag, one job per snapshot; external ones are not done live yet. */
    private List<LiveTag> liveTags(List<SnapshotOnDevice> work) {
        Map<UUID, LiveTag> tags = new LinkedHashMap<>();
        for (SnapshotOnDevice item : work) {
            SnapshotNode node = snapshots.get(item.snapshotUuid());
            if (item.location().mode() != DiskSnapshotMode.INTERNAL) {
                throw refuse("LIVE_UNSUPPORTED", "snapshot '" + node.name + "' is external on device "
                        + item.location().device() + ", and merging external snapshots of a running domain is not "
                        + "supported yet; shut domain " + name + " off and delete it offline");
            }
            String active = devices.get(item.location().device()).path();
            if (!active.equals(item.location().image())) {
                // QEMU's snapshot-delete works on the active image; this entry is in an image below it
                throw refuse("LIVE_UNSUPPORTED", "snapshot '" + node.name + "' is inside " + item.location().image()
                        + ", which device " + item.location().device() + " no longer writes (it is on " + active
                        + "), and deleting it from such an image while running is not supported yet; shut domain "
                        + name + " off and delete it offline");
            }
            tags.computeIfAbsent(node.uuid, uuid -> new LiveTag(uuid, node.name));
        }
        return List.copyOf(tags.values());
    }

    /** A running domain's QEMU dropped one snapshot from every device in one job: each device is recorded discarded. */
    @CommandHandler
    public void handle(RecordLiveSnapshotDeleted command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.DELETE, null);
        SnapshotNode node = snapshots.get(command.deletedUuid());
        if (node == null) {
            return;
        }
        List<String> devicesLeft = node.locations.keySet().stream()
                .filter(device -> op.pending.contains(node.uuid + "/" + device)).toList();
        if (devicesLeft.isEmpty()) {
            return;
        }
        apply(new LiveSnapshotDeleted(name, op.snapshotUuid, node.uuid, command.jobId(), meta(command.meta(), clock, ids)));
        for (String device : devicesLeft) {
            apply(new DeviceSnapshotDiscarded(name, node.uuid, device, meta(command.meta(), clock, ids)));
        }
        finishDeletionIfDone(op, () -> meta(command.meta(), clock, ids));
    }

    @CommandHandler
    public void handle(RecordDeviceSnapshotDiscardReady command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.DELETE, null);
        String item = command.snapshotUuid() + "/" + command.device();
        if (op.pending.contains(item) && !op.ready.contains(item)) {
            apply(new DeviceSnapshotDiscardReady(name, command.snapshotUuid(), command.device(),
                    meta(command.meta(), clock, ids)));
        }
    }

    @CommandHandler
    public void handle(RecordDeviceSnapshotDiscarded command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.DELETE, null);
        if (!op.pending.contains(command.snapshotUuid() + "/" + command.device())) {
            return;
        }
        apply(new DeviceSnapshotDiscarded(name, command.snapshotUuid(), command.device(),
                meta(command.meta(), clock, ids)));
        finishDeletionIfDone(op, () -> meta(command.meta(), clock, ids));
    }

    private void finishDeletionIfDone(Operation op, Supplier<EventMetadata> stamp) {
        if (op.succeeded()) {
            finishDeletion(DeletionPlanner.plan(tree(), op.snapshotUuid, deletionMode), stamp);
        }
    }

    /** Every file history knows on a device: where a merge looks for the files reading from a frozen image. */
    private DeviceLayers layersOf(String device) {
        Set<String> files = new LinkedHashSet<>();
        files.add(devices.get(device).path());
        for (SnapshotNode node : snapshots.values()) {
            DeviceLocation at = node.locations.get(device);
            if (at != null) {
                files.add(at.image());
                if (at.overlay() != null) {
                    files.add(at.overlay());
                }
            }
        }
        return new DeviceLayers(devices.get(device).path(), List.copyOf(files));
    }

    /** An external snapshot's frozen image was merged away; the device may now write to another file. */
    @CommandHandler
    public void handle(RecordDeviceSnapshotMerged command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.DELETE, null);
        if (!op.pending.contains(command.snapshotUuid() + "/" + command.device())) {
            return;
        }
        apply(new DeviceSnapshotMerged(name, command.snapshotUuid(), command.device(), meta(command.meta(), clock, ids)));
        String before = devices.get(command.device()).path();
        if (command.newActiveImage() != null && !command.newActiveImage().equals(before)) {
            DeviceLocation at = snapshots.get(command.snapshotUuid()).locations.get(command.device());
            apply(new DeviceImageChanged(name, command.device(), before, command.newActiveImage(), at.format(),
                    meta(command.meta(), clock, ids)));
        }
        finishDeletionIfDone(op, () -> meta(command.meta(), clock, ids));
    }

    @CommandHandler
    public void handle(AbortDeletion command, Clock clock, Identities ids) {
        Operation op = requireOperation(Operation.Kind.DELETE, null);
        apply(new DeletionAborted(name, op.snapshotUuid, command.why(), meta(command.meta(), clock, ids)));
    }

    /** Each event gets its own metadata (its own event id): consumers drop events by id. */
    private void finishDeletion(DeletionPlanner.Plan plan, Supplier<EventMetadata> stamp) {
        for (DeletionPlanner.Reparent r : plan.reparents()) {
            apply(new ChildReparented(name, r.child(), r.oldParent(), r.newParent(), stamp.get()));
        }
        UUID before = current;
        for (UUID gone : plan.affected()) {
            apply(new SnapshotDeleted(name, gone, stamp.get()));
        }
        if (before != null && plan.affected().contains(before)) {
            apply(new CurrentSnapshotSet(name, plan.currentIfDeleted(), before, stamp.get()));
        }
    }

    // ------------------------------------------------------------------ edits

    @CommandHandler
    public void handle(RenameSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        SnapshotNode node = resolve(command.snapshot());
        SnapshotNames.check(command.newName());
        if (node.name.equals(command.newName())) {
            return;
        }
        requireNameFree(command.newName());
        apply(new SnapshotRenamed(name, node.uuid, node.name, command.newName(), meta(command.meta(), clock, ids)));
    }

    @CommandHandler
    public void handle(DescribeSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        SnapshotNode node = resolve(command.snapshot());
        apply(new SnapshotDescribed(name, node.uuid, command.description(), meta(command.meta(), clock, ids)));
    }

    @CommandHandler
    public void handle(SetCurrentSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        SnapshotNode node = resolve(command.snapshot());
        requireReady(node);
        if (!node.uuid.equals(current)) {
            apply(new CurrentSnapshotSet(name, node.uuid, current, meta(command.meta(), clock, ids)));
        }
    }

    // ------------------------------------------------------------------ import and redefine
    //
    // Neither moves current, not even in a domain that has none: libvirt's redefine leaves current
    // alone unless asked, and only the caller can know which snapshot the disks' present state
    // grew from; it says so with SetCurrentSnapshot. Until then the next snapshot taken is a root.

    /** Brings a snapshot that already exists on the disks into the history, complete at once. */
    @CommandHandler
    public UUID handle(ImportSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        requireUnknown(command.snapshotUuid());
        SnapshotNames.check(command.name());
        requireNameFree(command.name());
        requireParentFor(command.snapshotUuid(), command.name(), command.parentUuid());
        apply(new SnapshotImported(name, command.snapshotUuid(), importedId(command.id()), command.name(),
                command.description(), command.parentUuid(), command.creationTime(),
                ImportPlanner.memory(command.memory()), ImportPlanner.devices(devices, name, command.devices()),
                command.source(), meta(command.meta(), clock, ids)));
        return command.snapshotUuid();
    }

    /**
     * Defines a snapshot by name, like libvirt's {@code snapshot-create --redefine}: an unknown name
     * adds it, a known one is updated in place. Returns the snapshot's UUID, which for a known name
     * is the one it already has.
     */
    @CommandHandler
    public UUID handle(RedefineSnapshot command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        SnapshotNode existing = named(command.name());
        if (existing == null) {
            defineByName(command, clock.instant(), () -> meta(command.meta(), clock, ids));
            return command.snapshotUuid();
        }
        redefineInPlace(existing, command, () -> meta(command.meta(), clock, ids));
        return existing.uuid;
    }

    private void defineByName(RedefineSnapshot command, Instant now, Supplier<EventMetadata> stamp) {
        requireUnknown(command.snapshotUuid());
        SnapshotNames.check(command.name());
        UUID parent = command.parent() == null ? null : resolve(command.parent()).uuid;
        MemoryPlan memory = command.memory() == null ? MemoryPlan.none() : ImportPlanner.memory(command.memory());
        Instant created = command.creationTime() == null ? now : command.creationTime();
        apply(new SnapshotImported(name, command.snapshotUuid(), importedId(null), command.name(),
                command.description(), parent, created, memory, ImportPlanner.devices(devices, name, command.devices()),
                ImportSource.REDEFINE, stamp.get()));
    }

    /**
     * Changes only what the command gives; the UUID, number, name and original creation time stay
     * (a creation time given for a known name is not applied). A new description alone is a
     * SnapshotDescribed; any other change re-records the whole node, which replaces it in place.
     */
    private void redefineInPlace(SnapshotNode node, RedefineSnapshot command, Supplier<EventMetadata> stamp) {
        String description = command.description() == null ? node.description : command.description();
        UUID parent = command.parent() == null ? node.parent : newParentOf(node, command.parent());
        MemoryPlan memory = command.memory() == null ? node.memory : ImportPlanner.memory(command.memory());
        List<DevicePlan> before = ImportPlanner.plansOf(node, devices.keySet());
        List<DevicePlan> plans = command.devices().isEmpty() ? before
                : ImportPlanner.devices(devices, name, command.devices());
        if (!Objects.equals(description, node.description)) {
            apply(new SnapshotDescribed(name, node.uuid, description, stamp.get()));
        }
        if (!Objects.equals(parent, node.parent) || !memory.equals(node.memory) || !plans.equals(before)) {
            apply(new SnapshotImported(name, node.uuid, node.id, node.name, description, parent, node.created, memory,
                    plans, ImportSource.REDEFINE, stamp.get()));
        }
    }

    /** A parent given by redefinition: it must exist and must not be the node or below it. */
    private UUID newParentOf(SnapshotNode node, String parentRef) {
        SnapshotNode parent = resolve(parentRef);
        if (parent == node) {
            throw ownParent(node.name);
        }
        if (descendsFrom(parent, node)) {
            throw refuse("PARENT_CYCLE", "snapshot '" + parent.name + "' descends from '" + node.name
                    + "', so it cannot become its parent: the history would close into a cycle");
        }
        return parent.uuid;
    }

    private boolean descendsFrom(SnapshotNode candidate, SnapshotNode ancestor) {
        for (UUID up = candidate.parent; up != null; up = snapshots.get(up).parent) {
            if (up.equals(ancestor.uuid)) {
                return true;
            }
        }
        return false;
    }

    private void requireParentFor(UUID child, String childName, UUID parent) {
        if (parent == null) {
            return;
        }
        if (parent.equals(child)) {
            throw ownParent(childName);
        }
        if (!snapshots.containsKey(parent)) {
            throw refuse("NO_SUCH_SNAPSHOT", "domain " + name + " has no snapshot " + parent + " to be the parent; "
                    + "import the parent first");
        }
    }

    private void requireUnknown(UUID snapshotUuid) {
        SnapshotNode known = snapshots.get(snapshotUuid);
        if (known != null) {
            throw refuse("SNAPSHOT_EXISTS", "snapshot " + snapshotUuid + " is already known to domain " + name
                    + " as '" + known.name + "'; redefine it by that name to change it");
        }
    }

    /** The number kept in the image if no other snapshot has it, else the next one never used. */
    private long importedId(Long kept) {
        if (kept == null) {
            return lastId + 1;
        }
        for (SnapshotNode n : snapshots.values()) {
            if (n.id == kept) {
                throw refuse("ID_TAKEN", "snapshot number " + kept + " already belongs to '" + n.name
                        + "' in domain " + name + "; import without a number to get the next free one");
            }
        }
        return kept;
    }

    private DomainRuleException ownParent(String snapshot) {
        return refuse("OWN_PARENT", "snapshot '" + snapshot + "' cannot be its own parent");
    }

    // ------------------------------------------------------------------ what reconcile and rebuilds record

    /** Records drift that reconcile found and could not explain; nothing else changes. */
    @CommandHandler
    public void handle(RecordDrift command, Clock clock, Identities ids) {
        requireDefined();
        requireDevice(command.device());
        apply(new DriftDetected(name, command.device(), command.kind(), command.detail(),
                meta(command.meta(), clock, ids)));
    }

    /** Moves a device's active layer in the history only (the images are where the caller says). */
    @CommandHandler
    public void handle(SetDeviceImage command, Clock clock, Identities ids) {
        requireDefined();
        requireIdle();
        DeviceSpec before = requireDevice(command.device());
        if (!before.path().equals(command.path()) || before.format() != command.format()) {
            apply(new DeviceImageChanged(name, command.device(), before.path(), command.path(), command.format(),
                    meta(command.meta(), clock, ids)));
        }
    }

    private DeviceSpec requireDevice(String device) {
        DeviceSpec spec = devices.get(device);
        if (spec == null) {
            throw refuse("UNKNOWN_DEVICE", "domain " + name + " has no device " + device + "; its devices are "
                    + String.join(", ", devices.keySet()));
        }
        return spec;
    }

    // ------------------------------------------------------------------ recovery

    /** Records that the operation in flight (if any) is resumed; returns it, or null when idle. */
    @CommandHandler
    public ResumedOperation handle(ResumeOperation command, Clock clock, Identities ids) {
        if (operation == null) {
            return null;
        }
        String kind = operation.kind.name().toLowerCase();
        apply(new OperationResumed(name, operation.snapshotUuid, kind, meta(command.meta(), clock, ids)));
        List<UUID> deleting = snapshots.values().stream().filter(n -> n.state == SnapshotNode.State.DELETING)
                .map(n -> n.uuid).toList();
        return new ResumedOperation(operation.snapshotUuid, kind, deleting);
    }

    // ------------------------------------------------------------------ rules

    private void requireDefined() {
        if (!defined) {
            throw refuse("NO_SUCH_DOMAIN", "domain " + name + " is not defined; define it with "
                    + "'snapledger define " + name + " --disk NAME=PATH'");
        }
    }

    /**
     * Whether this operation meets a running QEMU: for a live domain, what the command observed
     * of it (the aggregate never looks itself); for any other, the state the domain was defined in.
     */
    private boolean onlineNow(LiveState observed) {
        if (qemu == null) {
            return online;
        }
        if (observed == null) {
            throw refuse("LIVE_STATE_UNKNOWN", "domain " + name + " is live: the command must say what was observed "
                    + "of its QEMU (running, paused or shut off)");
        }
        return observed.online();
    }

    private void requireIdle() {
        if (operation != null) {
            throw refuse("OPERATION_IN_PROGRESS", "operation in progress on " + name + ": " + operation.describe()
                    + "; wait for it to finish, see 'snapledger status'");
        }
    }

    private Operation requireOperation(Operation.Kind kind, UUID snapshotUuid) {
        if (operation == null || operation.kind != kind
                || (snapshotUuid != null && kind != Operation.Kind.DELETE && !operation.snapshotUuid.equals(snapshotUuid))) {
            throw refuse("NO_SUCH_OPERATION", "domain " + name + " has no " + kind.name().toLowerCase()
                    + " of snapshot " + snapshotUuid + " in progress");
        }
        return operation;
    }

    private void requireReady(SnapshotNode node) {
        if (node.state != SnapshotNode.State.READY) {
            throw refuse("SNAPSHOT_BUSY", "snapshot '" + node.name + "' is " + node.state.name().toLowerCase()
                    + "; wait for that to finish");
        }
    }

    private void requireNameFree(String snapshotName) {
        if (names().contains(snapshotName)) {
            throw refuse("NAME_TAKEN", "domain " + name + " already has a snapshot named '" + snapshotName
                    + "'; choose another name");
        }
    }

    private Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        snapshots.values().forEach(n -> names.add(n.name));
        return names;
    }

    private SnapshotNode named(String snapshotName) {
        for (SnapshotNode n : snapshots.values()) {
            if (n.name.equals(snapshotName)) {
                return n;
            }
        }
        return null;
    }

    /** A snapshot by name, then UUID, then number — as the CLI accepts them. */
    private SnapshotNode resolve(String ref) {
        for (SnapshotNode n : snapshots.values()) {
            if (n.name.equals(ref)) {
                return n;
            }
        }
        try {
            SnapshotNode byUuid = snapshots.get(UUID.fromString(ref));
            if (byUuid != null) {
                return byUuid;
            }
        } catch (IllegalArgumentException notAUuid) {
            // try the number next
        }
        if (ref.matches("\\d{1,18}")) {
            long id = Long.parseLong(ref);
            for (SnapshotNode n : snapshots.values()) {
                if (n.id == id) {
                    return n;
                }
            }
        }
        throw refuse("NO_SUCH_SNAPSHOT", "domain " + name + " has no snapshot '" + ref
                + "' (by name, UUID or number); list them with 'snapledger snapshot-list " + name + "'");
    }

    private Map<UUID, UUID> tree() {
        Map<UUID, UUID> parents = new LinkedHashMap<>();
        snapshots.values().forEach(n -> parents.put(n.uuid, n.parent));
        return parents;
    }

    private static DomainRuleException refuse(String code, String message) {
        return new DomainRuleException(code, message);
    }

    private static EventMetadata meta(CommandMetadata meta, Clock clock, Identities ids) {
        return new EventMetadata(ids.newUuid(), clock.instant(), meta.actor(), meta.reason(), meta.correlationId());
    }

    // ------------------------------------------------------------------ event sourcing

    @EventSourcingHandler
    void on(DomainDefined e) {
        name = e.domain();
        defined = true;
        online = e.online();
        devices.clear();
        e.devices().forEach(d -> devices.put(d.name(), d));
    }

    @EventSourcingHandler
    void on(QemuAttached e) {
        qemu = e.qemu();
    }

    @EventSourcingHandler
    void on(DomainUndefined e) {
        defined = false;
        qemu = null;
        devices.clear();
        current = null;
    }

    @EventSourcingHandler
    void on(DeviceImageChanged e) {
        devices.put(e.device(), new DeviceSpec(e.device(), e.newPath(), e.format()));
    }

    @EventSourcingHandler
    void on(SnapshotStarted e) {
        Map<String, DeviceLocation> locations = new LinkedHashMap<>();
        e.locations().forEach(l -> locations.put(l.device(), l));
        snapshots.put(e.snapshotUuid(), new SnapshotNode(e.snapshotUuid(), e.id(), e.name(), e.description(),
                e.parentUuid(), SnapshotNode.State.CREATING, e.memory(), locations, e.meta().occurredAt()));
        lastId = Math.max(lastId, e.id());
        Set<String> work = new LinkedHashSet<>(locations.keySet());
        if (e.online() && e.memory().mode() == MemoryMode.EXTERNAL) {
            work.add(Operation.MEMORY); // the checkpoint's state file is reported apart from the disks
        }
        operation = new Operation(Operation.Kind.TAKE, e.snapshotUuid(), e.meta().correlationId(), work);
    }

    @EventSourcingHandler
    void on(MemoryStateSaved e) {
        if (operation != null) {
            operation.finished(Operation.MEMORY);
        }
    }

    @EventSourcingHandler
    void on(DeviceSnapshotPrepared e) {
        operation.finished(e.device());
    }

    @EventSourcingHandler
    void on(DeviceSnapshotFailed e) {
        operation.pending.remove(e.device());
        if (operation.failure == null) {
            operation.failure = e.device() + ": " + e.message();
        }
    }

    @EventSourcingHandler
    void on(SnapshotCompleted e) {
        snapshots.get(e.snapshotUuid()).state = SnapshotNode.State.READY;
        current = e.snapshotUuid();
        operation = null;
    }

    @EventSourcingHandler
    void on(SnapshotAborted e) {
        snapshots.remove(e.snapshotUuid());
        operation = null;
    }

    @EventSourcingHandler
    void on(RevertStarted e) {
        Set<String> work = new LinkedHashSet<>();
        e.devices().forEach(p -> work.add(p.device()));
        operation = new Operation(Operation.Kind.REVERT, e.snapshotUuid(), e.meta().correlationId(), work);
    }

    @EventSourcingHandler
    void on(DeviceReverted e) {
        operation.finished(e.device());
        if (e.newActivePath() != null) {
            operation.newActivePaths.put(e.device(), e.newActivePath());
        }
    }

    @EventSourcingHandler
    void on(DeviceRevertCommitted e) {
        operation.ready.add(e.device());
    }

    @EventSourcingHandler
    void on(DeviceRevertFailed e) {
        operation.pending.remove(e.device());
        if (operation.failure == null) {
            operation.failure = e.device() + ": " + e.message();
        }
    }

    @EventSourcingHandler
    void on(RevertCompleted e) {
        current = e.snapshotUuid();
        operation = null;
    }

    @EventSourcingHandler
    void on(RevertAborted e) {
        operation = null;
    }

    @EventSourcingHandler
    void on(DeletionStarted e) {
        for (UUID affected : e.affectedSnapshotUuids()) {
            snapshots.get(affected).state = SnapshotNode.State.DELETING;
        }
        Set<String> work = new LinkedHashSet<>();
        e.work().forEach(w -> work.add(w.snapshotUuid() + "/" + w.location().device()));
        deletionMode = e.mode();
        if (!work.isEmpty()) {
            operation = new Operation(Operation.Kind.DELETE, e.snapshotUuid(), e.meta().correlationId(), work);
        }
    }

    @EventSourcingHandler
    void on(DeviceSnapshotDiscardReady e) {
        operation.ready.add(e.snapshotUuid() + "/" + e.device());
    }

    @EventSourcingHandler
    void on(DeviceSnapshotDiscarded e) {
        operation.finished(e.snapshotUuid() + "/" + e.device());
    }

    @EventSourcingHandler
    void on(DeviceSnapshotMerged e) {
        operation.finished(e.snapshotUuid() + "/" + e.device());
    }

    @EventSourcingHandler
    void on(ChildReparented e) {
        snapshots.get(e.childUuid()).parent = e.newParentUuid();
    }

    @EventSourcingHandler
    void on(SnapshotDeleted e) {
        snapshots.remove(e.snapshotUuid());
        if (operation != null && operation.kind == Operation.Kind.DELETE) {
            operation = null;
        }
    }

    @EventSourcingHandler
    void on(DeletionAborted e) {
        snapshots.values().stream().filter(n -> n.state == SnapshotNode.State.DELETING)
                .forEach(n -> n.state = SnapshotNode.State.READY);
        operation = null;
    }

    @EventSourcingHandler
    void on(CurrentSnapshotSet e) {
        current = e.snapshotUuid();
    }

    @EventSourcingHandler
    void on(SnapshotRenamed e) {
        snapshots.get(e.snapshotUuid()).name = e.newName();
    }

    @EventSourcingHandler
    void on(SnapshotDescribed e) {
        snapshots.get(e.snapshotUuid()).description = e.description();
    }

    /**
     * A new READY node, or for a UUID already held the node replaced in place: same position,
     * and its children keep pointing at it. The event names plans, not places; the places follow
     * from the devices' active images at this point of the history, which a replay reproduces.
     */
    @EventSourcingHandler
    void on(SnapshotImported e) {
        SnapshotNode before = snapshots.get(e.snapshotUuid());
        Map<String, DeviceLocation> kept = before == null ? Map.of() : before.locations;
        snapshots.put(e.snapshotUuid(), new SnapshotNode(e.snapshotUuid(), e.id(), e.name(), e.description(),
                e.parentUuid(), SnapshotNode.State.READY, e.memory(),
                ImportPlanner.locations(e.devices(), devices, kept), e.creationTime()));
        lastId = Math.max(lastId, e.id());
    }
}
