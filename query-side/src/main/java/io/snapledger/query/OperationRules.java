package io.snapledger.query;

import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.query.OperationInFlight.Kind;

import org.rocksdb.RocksDBException;

import java.util.UUID;

/**
 * Follows each domain's operation in flight on its domain record, by the same events and the same
 * rules by which the command side's {@code Domain} aggregate holds its own: a start sets it, an end
 * clears it, whatever else happens in between. Opening a home resumes the domains this names and
 * no others, so it must never say idle where the aggregate has an operation: it mirrors the
 * aggregate rule for rule, and a resumption the aggregate records sets it too.
 */
final class OperationRules {

    private final ProjectionWrite write;

    OperationRules(ProjectionWrite write) {
        this.write = write;
    }

    /** Applies the event's rule, if it has one; other events leave the operation as it is. */
    void apply(DomainEvent event) throws RocksDBException {
        if (event instanceof SnapshotStarted started) {
            start(event, Kind.TAKE, started.snapshotUuid());
        } else if (event instanceof RevertStarted started) {
            start(event, Kind.REVERT, started.snapshotUuid());
        } else if (event instanceof DeletionStarted started && !started.work().isEmpty()) {
            // without device work the same command deletes the snapshots at once: nothing is in flight
            start(event, Kind.DELETE, started.snapshotUuid());
        } else if (event instanceof OperationResumed resumed) {
            start(event, Kind.named(resumed.kind()), resumed.snapshotUuid());
        } else if (event instanceof SnapshotCompleted || event instanceof SnapshotAborted
                || event instanceof RevertCompleted || event instanceof RevertAborted
                || event instanceof DeletionAborted) {
            end(event.domain(), null);
        } else if (event instanceof SnapshotDeleted) {
            // the first snapshot deleted ends a deletion; the snapshots it deletes go in one command
            end(event.domain(), Kind.DELETE);
        }
    }

    private void start(DomainEvent event, Kind kind, UUID snapshot) throws RocksDBException {
        StoredDomain domain = write.domain(event.domain());
        if (domain == null) {
            return;
        }
        OperationInFlight now = domain.operation();
        if (now != null && now.kind() == kind && now.snapshotUuid().equals(snapshot)) {
            return; // resumed: it keeps the time it started
        }
        write.putDomain(domain.withOperation(new OperationInFlight(kind, snapshot, event.meta().occurredAt())));
    }

    /** Clears the domain's operation if it is of {@code kind}, or of any kind when that is null. */
    private void end(String name, Kind kind) throws RocksDBException {
        StoredDomain domain = write.domain(name);
        if (domain != null && domain.operation() != null && (kind == null || domain.operation().kind() == kind)) {
            write.putDomain(domain.withOperation(null));
        }
    }

}
