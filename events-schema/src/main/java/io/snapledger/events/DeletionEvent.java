package io.snapledger.events;

import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLayers;
import io.snapledger.events.model.LiveTag;
import io.snapledger.events.model.SnapshotOnDevice;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Facts of deleting snapshots: started, per snapshot and device merged or discarded, children
 * re-parented, snapshots deleted, or the whole deletion aborted.
 */
public sealed interface DeletionEvent extends DomainEvent {

    /**
     * The domain accepted a deletion.
     *
     * @param snapshotUuid          the snapshot the operator named
     * @param affectedSnapshotUuids the snapshots that will be deleted: the named one, its
     *                              descendants, or both, depending on the mode
     * @param work the device work the deletion needs: one entry per affected snapshot and device
     *             (empty for a metadata-only deletion)
     * @param deviceLayers for each device with external work, the files history knows there
     *                     (revision 2; empty when read from revision 1)
     * @param liveTags for a running domain, the QEMU tag of each snapshot with device work: its
     *                 QEMU deletes them with {@code snapshot-delete} jobs (revision 3); null when
     *                 snapledger changes the images itself (always so before revision 3)
     */
    @EventType(name = "DeletionStarted", revision = 3)
    record DeletionStarted(String domain, UUID snapshotUuid, DeleteMode mode, List<UUID> affectedSnapshotUuids,
                           List<SnapshotOnDevice> work, Map<String, DeviceLayers> deviceLayers,
                           @Nullable List<LiveTag> liveTags, EventMetadata meta) implements DeletionEvent {

        public DeletionStarted(String domain, UUID snapshotUuid, DeleteMode mode, List<UUID> affectedSnapshotUuids,
                               List<SnapshotOnDevice> work, Map<String, DeviceLayers> deviceLayers, EventMetadata meta) {
            this(domain, snapshotUuid, mode, affectedSnapshotUuids, work, deviceLayers, null, meta);
        }

        public DeletionStarted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonNull(mode, "mode");
            // children-only on a leaf deletes nothing and still succeeds, so the list may be empty.
            affectedSnapshotUuids = Require.distinctBy(Require.listOf(affectedSnapshotUuids, "affectedSnapshotUuids"),
                    uuid -> uuid, "affectedSnapshotUuids");
            work = Require.listOf(work, "work");
            // sorted, so the wire form is the same for the same content
            deviceLayers = deviceLayers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(deviceLayers));
            liveTags = liveTags == null ? null : List.copyOf(liveTags);
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * On one device, an external snapshot's frozen image was merged away so every file that read
     * from it reads the same bytes as before: either the single active overlay was committed into
     * it (the device's active image then moves to it, recorded by a {@code DeviceImageChanged}), or
     * its data was streamed into every overlay reading from it and the file removed.
     */
    @EventType(name = "DeviceSnapshotMerged", revision = 1)
    record DeviceSnapshotMerged(String domain, UUID snapshotUuid, String device, EventMetadata meta)
            implements DeletionEvent {

        public DeviceSnapshotMerged {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A device checked it can throw a deleted snapshot's data away, and changed nothing yet. Only
     * when every device of the deletion is ready does any of them drop anything, so a refusal
     * leaves every device as it was.
     */
    @EventType(name = "DeviceSnapshotDiscardReady", revision = 1)
    record DeviceSnapshotDiscardReady(String domain, UUID snapshotUuid, String device, EventMetadata meta)
            implements DeletionEvent {

        public DeviceSnapshotDiscardReady {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonNull(meta, "meta");
        }
    }

    /** On one device, the deleted snapshot's data was thrown away; no surviving snapshot needed it. */
    @EventType(name = "DeviceSnapshotDiscarded", revision = 1)
    record DeviceSnapshotDiscarded(String domain, UUID snapshotUuid, String device, EventMetadata meta)
            implements DeletionEvent {

        public DeviceSnapshotDiscarded {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A snapshot's parent changed because its parent was deleted.
     *
     * @param newParentUuid the deleted parent's own parent, or null: the child became a root
     */
    @EventType(name = "ChildReparented", revision = 1)
    record ChildReparented(String domain, UUID childUuid, UUID oldParentUuid, @Nullable UUID newParentUuid,
                           EventMetadata meta) implements DeletionEvent {

        public ChildReparented {
            Require.nonBlank(domain, "domain");
            Require.nonNull(childUuid, "childUuid");
            Require.nonNull(oldParentUuid, "oldParentUuid");
            if (childUuid.equals(oldParentUuid) || childUuid.equals(newParentUuid)) {
                throw new IllegalArgumentException("snapshot " + childUuid + " cannot be its own parent");
            }
            Require.nonNull(meta, "meta");
        }
    }

    /** The snapshot is gone from the tree; its name may be reused, its UUID and id never. */
    @EventType(name = "SnapshotDeleted", revision = 1)
    record SnapshotDeleted(String domain, UUID snapshotUuid, EventMetadata meta) implements DeletionEvent {

        public SnapshotDeleted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The deletion was given up; no snapshot was removed from the tree.
     *
     * @param snapshotUuid the snapshot the operator named
     * @param why          what made it fail, for people
     */
    @EventType(name = "DeletionAborted", revision = 1)
    record DeletionAborted(String domain, UUID snapshotUuid, String why, EventMetadata meta) implements DeletionEvent {

        public DeletionAborted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(why, "why");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A running domain's QEMU deleted one snapshot's internal entries from every device in one
     * {@code snapshot-delete} job; each device is then recorded discarded.
     *
     * @param snapshotUuid the deletion's (the snapshot the operator named)
     * @param deletedUuid  the snapshot whose entries went
     * @param jobId        the QEMU job's id
     */
    @EventType(name = "LiveSnapshotDeleted", revision = 1)
    record LiveSnapshotDeleted(String domain, UUID snapshotUuid, UUID deletedUuid, String jobId, EventMetadata meta)
            implements DeletionEvent {

        public LiveSnapshotDeleted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonNull(deletedUuid, "deletedUuid");
            Require.nonBlank(jobId, "jobId");
            Require.nonNull(meta, "meta");
        }
    }
}
