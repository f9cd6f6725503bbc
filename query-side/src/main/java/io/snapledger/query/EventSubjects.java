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
import io.snapledger.events.EditEvent;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.ReconcileEvent;
import io.snapledger.events.RecoveryEvent;
import io.snapledger.events.RevertEvent;
import io.snapledger.events.SnapshotCreationEvent;
import io.snapledger.events.model.Nullable;

import java.util.UUID;

/**
 * Which snapshot an event is about, for the history's summary and its snapshot filter, and for
 * the Kafka publisher's choice of lineage records to send.
 */
public final class EventSubjects {

    private EventSubjects() {
    }

    /** The snapshot the event is about (a re-parented child, for {@code ChildReparented}), or null. */
    @Nullable
    public static UUID snapshotOf(DomainEvent event) {
        if (event instanceof SnapshotCreationEvent creation) {
            return creation.snapshotUuid();
        } else if (event instanceof RevertEvent revert) {
            return revert.snapshotUuid();
        } else if (event instanceof DeletionEvent deletion) {
            return snapshotOf(deletion);
        } else if (event instanceof EditEvent edit) {
            return snapshotOf(edit);
        } else if (event instanceof RecoveryEvent.OperationResumed resumed) {
            return resumed.snapshotUuid();
        } else if (event instanceof DomainLifecycleEvent || event instanceof ReconcileEvent) {
            return null;
        }
        throw new IllegalStateException("no subject rule for " + event.getClass().getName());
    }

    private static UUID snapshotOf(DeletionEvent event) {
        if (event instanceof DeletionStarted started) {
            return started.snapshotUuid();
        } else if (event instanceof DeviceSnapshotMerged merged) {
            return merged.snapshotUuid();
        } else if (event instanceof DeviceSnapshotDiscarded discarded) {
            return discarded.snapshotUuid();
        } else if (event instanceof DeletionEvent.DeviceSnapshotDiscardReady ready) {
            return ready.snapshotUuid();
        } else if (event instanceof ChildReparented reparented) {
            return reparented.childUuid();
        } else if (event instanceof SnapshotDeleted deleted) {
            return deleted.snapshotUuid();
        } else if (event instanceof DeletionAborted aborted) {
            return aborted.snapshotUuid();
        } else if (event instanceof DeletionEvent.LiveSnapshotDeleted live) {
            return live.deletedUuid();
        }
        throw new IllegalStateException("no subject rule for " + event.getClass().getName());
    }

    private static UUID snapshotOf(EditEvent event) {
        if (event instanceof SnapshotRenamed renamed) {
            return renamed.snapshotUuid();
        } else if (event instanceof SnapshotDescribed described) {
            return described.snapshotUuid();
        } else if (event instanceof SnapshotImported imported) {
            return imported.snapshotUuid();
        } else if (event instanceof CurrentSnapshotSet set) {
            return set.snapshotUuid();
        }
        throw new IllegalStateException("no subject rule for " + event.getClass().getName());
    }
}
