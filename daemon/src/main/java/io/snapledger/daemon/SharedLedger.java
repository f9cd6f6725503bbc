package io.snapledger.daemon;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.core.Caller;
import io.snapledger.core.LedgerService;
import io.snapledger.core.LedgerStatus;
import io.snapledger.core.LiveDisk;
import io.snapledger.core.SnapshotRequest;
import io.snapledger.core.health.Problem;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.QemuLink;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotProjection;
import io.snapledger.query.TreeAsOf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The daemon's warm ledger as one client command sees it: everything goes to the one ledger, but
 * closing it only ends the command's use: like a command run in-process, it then gives the outlet
 * its time and warns on the command's stderr when events are not yet published.
 */
final class SharedLedger implements LedgerService {
    private final LedgerService ledger;
    private final PrintStream err;

    SharedLedger(LedgerService ledger, PrintStream err) {
        this.ledger = ledger;
        this.err = err;
    }

    @Override
    public SnapshotProjection projection() {
        return ledger.projection();
    }

    @Override
    public TreeAsOf asOf(String domain, Instant instant) {
        return ledger.asOf(domain, instant);
    }

    @Override
    public int define(Caller caller, String domain, List<DeviceSpec> devices, boolean importFromImages)
            throws IOException {
        return ledger.define(caller, domain, devices, importFromImages);
    }

    @Override
    public void defineLive(Caller caller, String domain, List<DeviceSpec> devices, QemuLink qemu) throws IOException {
        ledger.defineLive(caller, domain, devices, qemu);
    }

    @Override
    public void start(String domain, boolean paused) throws IOException {
        ledger.start(domain, paused);
    }

    @Override
    public void shutdown(String domain) {
        ledger.shutdown(domain);
    }

    @Override
    public void destroy(String domain) {
        ledger.destroy(domain);
    }

    @Override
    public Optional<List<LiveDisk>> liveDisks(String domain) {
        return ledger.liveDisks(domain);
    }

    @Override
    public void undefine(Caller caller, String domain) {
        ledger.undefine(caller, domain);
    }

    @Override
    public SnapshotNode take(Caller caller, SnapshotRequest request) throws IOException {
        return ledger.take(caller, request);
    }

    @Override
    public void revert(Caller caller, String domain, String snapshot) {
        ledger.revert(caller, domain, snapshot);
    }

    @Override
    public void revert(Caller caller, String domain, String snapshot, boolean paused) {
        ledger.revert(caller, domain, snapshot, paused);
    }

    @Override
    public void delete(Caller caller, String domain, String snapshot, DeleteMode mode) {
        ledger.delete(caller, domain, snapshot, mode);
    }

    @Override
    public void edit(Caller caller, String domain, String snapshot, String newName, String description) {
        ledger.edit(caller, domain, snapshot, newName, description);
    }

    @Override
    public List<Problem> fsck(String domain) throws IOException {
        return ledger.fsck(domain);
    }

    @Override
    public Reconciliation reconcile(Caller caller, String domain, boolean adopt) throws IOException {
        return ledger.reconcile(caller, domain, adopt);
    }

    @Override
    public long storedEvents() {
        return ledger.storedEvents();
    }

    @Override
    public long replay(LongConsumer progress) {
        return ledger.replay(progress);
    }

    @Override
    public LedgerStatus status() {
        return ledger.status();
    }

    @Override
    public Optional<Path> storeFile() {
        return ledger.storeFile();
    }

    /** Compaction rewrites the store's file as it closes: the daemon keeps it open while it serves. */
    @Override
    public void compactOnClose() {
        throw new DomainRuleException("HOME_SERVED", "compact rewrites the event store's file, which 'snapledger serve' "
                + "keeps open: stop the daemon (SIGTERM), then run compact");
    }

    @Override
    public Optional<String> awaitPublished() {
        return ledger.awaitPublished();
    }

    @Override
    public void close() {
        ledger.awaitPublished().ifPresent(err::println);
    }
}
