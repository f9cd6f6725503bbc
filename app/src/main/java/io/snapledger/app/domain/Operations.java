package io.snapledger.app.domain;

import io.snapledger.app.ledger.Ledger;
import io.snapledger.app.ledger.OperationOutcome;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.image.ImageOperationException;
import io.snapledger.query.SnapshotNode;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The operations that change disks, each sent and then watched until it ended. An operation that
 * ended without succeeding is an error here, saying it did not happen and why: the sagas have put
 * every device back, so the user's disks are as they were.
 */
final class Operations {
    private Operations() {
    }

    /**
     * Takes a snapshot and returns it as the projection now holds it. Its number steps over the
     * ids that snapshots made outside snapledger hold in the devices' qcow2 tables.
     */
    static SnapshotNode take(Ledger ledger, String domain, String name, String description, MemoryPlan memory,
                             List<DevicePlan> plans, boolean diskOnly) throws IOException {
        Long minimumId = ForeignIds.lowestFreeId(ledger.queries(), domain);
        long mark = ledger.mark(domain);
        UUID uuid = ledger.send(new TakeSnapshot(domain, name, description, memory, plans, diskOnly, minimumId,
                Operator.meta(null)));
        OperationOutcome outcome = ledger.awaitTake(domain, uuid, mark);
        if (!outcome.succeeded()) {
            throw new ImageOperationException("the snapshot was not taken and no disk was changed: " + outcome.why());
        }
        return ledger.queries().snapshot(domain, uuid).orElseThrow();
    }

    static void revert(Ledger ledger, String domain, String snapshot) {
        SnapshotNode target = Snapshots.snapshot(ledger.queries(), domain, snapshot);
        long mark = ledger.mark(domain);
        UUID uuid = ledger.send(new RevertToSnapshot(domain, snapshot, Operator.meta(null)));
        OperationOutcome outcome = ledger.awaitRevert(domain, uuid, mark);
        if (!outcome.succeeded()) {
            throw new ImageOperationException("domain " + domain + " was not reverted to snapshot '" + target.name()
                    + "' and no disk was changed: " + outcome.why());
        }
    }

    static void delete(Ledger ledger, String domain, String snapshot, DeleteMode mode) {
        String name = Snapshots.snapshot(ledger.queries(), domain, snapshot).name();
        long mark = ledger.mark(domain);
        UUID uuid = ledger.send(new DeleteSnapshot(domain, snapshot, mode, Operator.meta(null)));
        OperationOutcome outcome = ledger.awaitDeletion(domain, uuid, mark);
        if (!outcome.succeeded()) {
            String what = mode == DeleteMode.CHILDREN_ONLY ? "the children of snapshot '" + name + "' were"
                    : "snapshot '" + name + "' was";
            throw new ImageOperationException(what + " not deleted and no disk was changed: " + outcome.why());
        }
    }
}
