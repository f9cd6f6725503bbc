package io.snapledger.core;

import io.snapledger.core.health.Finding;
import io.snapledger.core.health.Problem;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.QemuLink;
import io.snapledger.query.SnapshotNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The ledger as its faces use it (the command line, a daemon's clients, the HTTP API): every
 * change to a home and every question about it. No picocli, HTTP or Axon type appears here.
 *
 * <p>An operation on disks returns once it ended on every device. One that did not succeed
 * throws, saying it did not happen and why: the devices were put back, so the disks are as they
 * were. A refused request throws {@code DomainRuleException} before anything is written.
 */
public interface LedgerService extends LedgerReads {

    /**
     * Defines a domain on its disks; with {@code importFromImages} its tree is rebuilt from the
     * images' own records.
     *
     * @return how many snapshots were rebuilt from the images
     */
    int define(Caller caller, String domain, List<DeviceSpec> devices, boolean importFromImages) throws IOException;

    /**
     * Defines a live domain: a QEMU runs it, reached as {@code qemu} says. An attached QEMU must
     * answer and have every device's file open as that device; nothing is recorded otherwise.
     */
    void defineLive(Caller caller, String domain, List<DeviceSpec> devices, QemuLink qemu) throws IOException;

    /** Starts the QEMU of a live domain snapledger runs; with {@code paused} its CPUs wait for a resume. */
    void start(String domain, boolean paused) throws IOException;

    /** Asks a live domain's QEMU to quit cleanly, closing its images; returns once it is gone. */
    void shutdown(String domain);

    /** Kills the QEMU of a live domain snapledger runs. */
    void destroy(String domain);

    /**
     * The disks of a running live domain as its QEMU has them open, with their internal
     * snapshots; empty when the domain is not live or is shut off (its images are then the truth).
     */
    Optional<List<LiveDisk>> liveDisks(String domain);

    /** Forgets a domain that has no snapshots left; its images and its history stay. */
    void undefine(Caller caller, String domain);

    /** Takes a snapshot of every included device, or of none, and returns it as it now stands. */
    SnapshotNode take(Caller caller, SnapshotRequest request) throws IOException;

    /** Every device back to the snapshot (named by name, UUID or number), which becomes current. */
    void revert(Caller caller, String domain, String snapshot);

    /** {@link #revert}; a live domain is left paused when {@code paused}, else running. */
    void revert(Caller caller, String domain, String snapshot, boolean paused);

    void delete(Caller caller, String domain, String snapshot, DeleteMode mode);

    /** A new name, a new description (blank removes it), or both; null leaves one as it is. */
    void edit(Caller caller, String domain, String snapshot, String newName, String description);

    /** Whether the images hold exactly what the history says; every domain when {@code domain} is null. */
    List<Problem> fsck(String domain) throws IOException;

    /**
     * Where the images differ from the history; never writes an image.
     *
     * @param adopt record snapshots made with other tools as the domain's, any other drift as events
     * @return each finding, and with {@code adopt} what was recorded for it
     */
    Reconciliation reconcile(Caller caller, String domain, boolean adopt) throws IOException;

    /** What {@link #reconcile} found and, when adopting, recorded for each finding. */
    record Reconciliation(List<Finding> findings, Map<Finding, String> recorded) {
        public boolean adopting() {
            return recorded != null;
        }

        /** Images and history agree now: nothing found, or everything found adopted. */
        public boolean agree() {
            return findings.isEmpty() || adopting() && recorded.values().stream().allMatch(o -> o.startsWith("adopted"));
        }
    }

    /** How many events the store holds. */
    long storedEvents();

    /**
     * Throws the projection away and rebuilds it from the event store.
     *
     * @param progress told how many events were applied so far, now and then
     * @return how many events were applied
     */
    long replay(LongConsumer progress);

    LedgerStatus status();

    /** The embedded store's file, which {@link #compactOnClose} rewrites; empty for an external database. */
    Optional<Path> storeFile();

    /** Rewrites the embedded store's file with only its live data when the home closes. */
    void compactOnClose();

    /** Every stored event went out through the home's outlet within its time; else a one-line warning. */
    Optional<String> awaitPublished();
}
