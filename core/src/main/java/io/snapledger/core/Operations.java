package io.snapledger.core;

import io.snapledger.core.imports.ImagesImport;
import io.snapledger.core.live.LiveDomains;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.command.RenameSnapshot;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.command.UndefineDomain;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.QemuLink;
import io.snapledger.image.ImageOperationException;
import io.snapledger.qmp.LiveBlock;
import io.snapledger.qmp.QmpClient;
import io.snapledger.query.SnapshotNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The changes {@link LocalLedger} makes for its callers: each command sent and, for those that
 * change disks, watched until it ended. An operation that ended without succeeding is an error
 * here, saying it did not happen and why: the sagas have put every device back.
 */
final class Operations {
    private Operations() {
    }

    static int define(LocalLedger ledger, Caller caller, String domain, List<DeviceSpec> devices,
                      boolean importFromImages) throws IOException {
        ledger.send(new DefineDomain(domain, devices, false, caller.meta(null)));
        int imported = importFromImages ? ImagesImport.run(ledger, caller, domain, devices) : 0;
        ledger.catchUp();
        return imported;
    }

    /** Defines a live domain; an attached QEMU must answer with the domain's disks open, else nothing is recorded. */
    static void defineLive(LocalLedger ledger, Caller caller, String domain, List<DeviceSpec> devices, QemuLink qemu) {
        if (!qemu.managed()) {
            Map<String, String> files = new LinkedHashMap<>();
            devices.forEach(d -> files.put(d.name(), d.path()));
            try (QmpClient qmp = ledger.live().connect(domain, qemu)) {
                LiveDomains.requireDisks(new LiveBlock(qmp), domain, files);
            }
        }
        ledger.send(new DefineDomain(domain, devices, false, qemu, caller.meta(null)));
        ledger.catchUp();
    }

    static void undefine(LocalLedger ledger, Caller caller, String domain) {
        ledger.send(new UndefineDomain(domain, caller.meta(null)));
        ledger.catchUp();
    }

    /**
     * Takes a snapshot and returns it as the projection now holds it. Its number steps over the
     * ids that snapshots made outside snapledger hold in the devices' qcow2 tables.
     */
    static SnapshotNode take(LocalLedger ledger, Caller caller, SnapshotRequest request) throws IOException {
        String domain = request.domain();
        Long minimumId = ForeignIds.lowestFreeId(ledger.queries(), domain);
        long mark = ledger.mark(domain);
        LiveState observed = ledger.observe(domain);
        UUID uuid = ledger.send(new TakeSnapshot(domain, request.name(), request.description(), request.memory(),
                request.devices(), request.diskOnly(), minimumId, observed, caller.meta(null)));
        OperationOutcome outcome = ledger.awaitTake(domain, uuid, mark);
        if (!outcome.succeeded()) {
            throw new ImageOperationException("the snapshot was not taken and no disk was changed: " + outcome.why());
        }
        return ledger.queries().snapshot(domain, uuid).orElseThrow();
    }

    static void revert(LocalLedger ledger, Caller caller, String domain, String snapshot, boolean paused) {
        SnapshotNode target = Lookup.snapshot(ledger.queries(), domain, snapshot);
        LiveState observed = ledger.observe(domain);
        long mark = ledger.mark(domain);
        UUID uuid = ledger.send(new RevertToSnapshot(domain, snapshot, observed, paused, caller.meta(null)));
        OperationOutcome outcome = ledger.awaitRevert(domain, uuid, mark);
        if (!outcome.succeeded()) {
            throw new ImageOperationException("domain " + domain + " was not reverted to snapshot '" + target.name()
                    + "' and no disk was changed: " + outcome.why());
        }
        if (observed != null && observed.online() && target.memoryMode() == MemoryMode.EXTERNAL) {
            // an external checkpoint: the disks are back (fresh overlays); the memory needs a new QEMU
            try {
                ledger.restartFromState(domain, Path.of(target.memoryFile()), paused);
            } catch (IOException | RuntimeException e) {
                throw new ImageOperationException("domain " + domain + " was reverted to snapshot '" + target.name()
                        + "' on its disks, but its QEMU did not start again: " + e.getMessage()
                        + "; start it with 'snapledger start " + domain + "'");
            }
        }
    }

    static void delete(LocalLedger ledger, Caller caller, String domain, String snapshot, DeleteMode mode) {
        String name = Lookup.snapshot(ledger.queries(), domain, snapshot).name();
        LiveState observed = ledger.observe(domain);
        long mark = ledger.mark(domain);
        UUID uuid = ledger.send(new DeleteSnapshot(domain, snapshot, mode, observed, caller.meta(null)));
        OperationOutcome outcome = ledger.awaitDeletion(domain, uuid, mark);
        if (!outcome.succeeded()) {
            String what = mode == DeleteMode.CHILDREN_ONLY ? "the children of snapshot '" + name + "' were"
                    : "snapshot '" + name + "' was";
            throw new ImageOperationException(what + " not deleted and no disk was changed: " + outcome.why());
        }
    }

    static void edit(LocalLedger ledger, Caller caller, String domain, String snapshot, String newName,
                     String description) {
        SnapshotNode node = Lookup.snapshot(ledger.queries(), domain, snapshot);
        // the UUID from here on: after the rename, the name the caller gave may mean nothing
        String uuid = node.uuid().toString();
        if (newName != null) {
            ledger.send(new RenameSnapshot(domain, uuid, newName, caller.meta(null)));
        }
        if (description != null) {
            ledger.send(new DescribeSnapshot(domain, uuid, description.isBlank() ? null : description,
                    caller.meta(null)));
        }
        ledger.catchUp();
    }
}
