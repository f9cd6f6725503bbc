package io.snapledger.core.live;

import io.snapledger.command.live.LiveWriteException;
import io.snapledger.command.live.LiveWriter;
import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.QemuSnapshotId;
import io.snapledger.qmp.BlockDevice;
import io.snapledger.qmp.InternalSnapshot;
import io.snapledger.qmp.JobInfo;
import io.snapledger.qmp.JobProgressListener;
import io.snapledger.qmp.LiveBlock;
import io.snapledger.qmp.MigrationResult;
import io.snapledger.qmp.QemuGoneException;
import io.snapledger.qmp.QmpClient;
import io.snapledger.qmp.QmpException;
import io.snapledger.qmp.QmpJobFailedException;
import io.snapledger.qmp.RunState;
import io.snapledger.qmp.NamedNode;
import io.snapledger.qmp.NodeNames;
import io.snapledger.qmp.TransactionAction;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Creator;
import io.snapledger.image.writer.OverlayMarker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link LiveWriter} that drives a domain's QEMU over QMP (qmp-io's {@link LiveBlock}): one
 * connection per step, the devices' active format nodes found by their qdev ids in
 * {@code query-block}, one job (or one transaction) per step, waited for to its end. Overlays it
 * adds are named {@code sl_DEVICE_LAYER} ({@link NodeNames}) so they can be found again.
 */
public final class QmpLiveWriter implements LiveWriter {
    private static final boolean TRACE = System.getenv("SNAPLEDGER_TRACE") != null;
    private final LiveDomains domains;
    private final Function<String, QemuLink> links;
    private final Duration jobTimeout;

    /**
     * @param links the QEMU link of a live domain, by name (the projection has it)
     */
    public QmpLiveWriter(LiveDomains domains, Function<String, QemuLink> links, Duration jobTimeout) {
        this.domains = domains;
        this.links = links;
        this.jobTimeout = jobTimeout;
    }

    @Override
    public Saved save(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException {
        return run(domain, block -> {
            Map<String, BlockDevice> open = devices(block, domain, devices);
            for (BlockDevice device : open.values()) {
                if (entry(device, tag).isPresent()) {
                    throw new LiveWriteException("TAG_EXISTS", "disk " + device.device() + " of domain " + domain
                            + " already has an internal snapshot named '" + tag + "'; nothing was taken");
                }
            }
            List<String> nodes = open.values().stream().map(BlockDevice::nodeName).toList();
            try {
                block.snapshotSave(jobId, tag, nodes.get(0), nodes, listener(progress), jobTimeout);
            } catch (QmpException failed) {
                // QEMU saves disk by disk: take the tag off the disks that got it before the failure
                removeTag(block, domain, tag, devices, Instant.EPOCH, jobId + "-undo", progress);
                throw failed;
            }
            List<QemuSnapshotId> ids = new ArrayList<>();
            long vmState = 0;
            Map<String, BlockDevice> after = devices(block, domain, devices);
            for (String device : devices) {
                InternalSnapshot made = entry(after.get(device), tag).orElseThrow(() -> new LiveWriteException(
                        "JOB_FAILED", "job " + jobId + " concluded but disk " + device + " has no snapshot '" + tag + "'"));
                ids.add(new QemuSnapshotId(device, made.id()));
                if (device.equals(devices.get(0))) {
                    vmState = made.vmStateSize();
                }
            }
            return new Saved(ids, vmState);
        });
    }

    @Override
    public void unsave(String domain, String tag, List<String> devices, Instant notBefore, String jobId,
                       JobProgress progress) throws LiveWriteException {
        run(domain, block -> {
            removeTag(block, domain, tag, devices, notBefore, jobId, progress);
            return null;
        });
    }

    @Override
    public void load(String domain, LiveRevert revert, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException {
        run(domain, block -> {
            Map<String, BlockDevice> open = devices(block, domain, devices);
            for (BlockDevice device : open.values()) {
                if (entry(device, revert.tag()).isEmpty()) {
                    throw new LiveWriteException("NO_SUCH_SNAPSHOT", "disk " + device.device() + " of domain " + domain
                            + " has no internal snapshot '" + revert.tag() + "' in its QEMU; nothing was changed");
                }
            }
            List<String> nodes = open.values().stream().map(BlockDevice::nodeName).toList();
            block.snapshotLoad(jobId, revert.tag(), open.get(revert.vmstateDevice()).nodeName(), nodes,
                    listener(progress), jobTimeout);
            RunState state = block.queryStatus();
            if (revert.paused() && state.running()) {
                block.stop();
            } else if (!revert.paused() && !state.running()) {
                block.cont();
            }
            return null;
        });
    }

    @Override
    public void delete(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException {
        run(domain, block -> {
            List<String> nodes = devices(block, domain, devices).values().stream().map(BlockDevice::nodeName).toList();
            block.snapshotDelete(jobId, tag, nodes, listener(progress), jobTimeout);
            return null;
        });
    }

    @Override
    public void switchOverlays(String domain, List<Overlay> overlays, JobProgress progress) throws LiveWriteException {
        run(domain, block -> {
            Map<String, BlockDevice> open = devices(block, domain, overlays.stream().map(Overlay::device).toList());
            if (overlays.stream().allMatch(o -> open.get(o.device()).nodeName().equals(node(o)))) {
                return null; // switched by an earlier attempt that did not get to report it
            }
            List<Path> created = new ArrayList<>();
            List<String> added = new ArrayList<>();
            try {
                for (Overlay o : overlays) {
                    created.add(createOverlay(domain, o));
                }
                for (Overlay o : overlays) {
                    block.addOverlayNode(node(o), NodeNames.file(o.device(), o.layer()), o.overlay());
                    added.add(node(o));
                }
                List<TransactionAction> actions = new ArrayList<>();
                for (Overlay o : overlays) {
                    actions.add(TransactionAction.external(open.get(o.device()).nodeName(), node(o)));
                }
                block.transaction(actions); // every disk switches, or none
                return null;
            } catch (LiveWriteException | RuntimeException failed) {
                removeMade(block, added, created, failed);
                throw failed;
            }
        });
    }

    @Override
    public long checkpoint(String domain, Path memoryFile, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException {
        return run(domain, block -> {
            Map<String, BlockDevice> open = devices(block, domain, overlays.stream().map(Overlay::device).toList());
            if (overlays.stream().allMatch(o -> open.get(o.device()).nodeName().equals(node(o)))
                    && Files.exists(memoryFile)) {
                return size(memoryFile); // made by an earlier attempt that did not get to report it
            }
            if (Files.exists(memoryFile)) {
                throw new LiveWriteException("MEMORY_FILE_EXISTS", "memory state file " + memoryFile + " already exists; "
                        + "choose another file with --memspec snapshot=external,file=PATH");
            }
            Path folder = memoryFile.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
                throw new LiveWriteException("MEMORY_FILE_UNWRITABLE", "cannot create memory state file " + memoryFile
                        + " (folder missing or not writable); choose another file with --memspec "
                        + "snapshot=external,file=PATH");
            }
            List<Path> created = new ArrayList<>();
            List<String> added = new ArrayList<>();
            boolean stopped = false;
            try {
                for (Overlay o : overlays) {
                    created.add(createOverlay(domain, o));
                }
                long paused = System.nanoTime();
                if (block.queryStatus().running()) {
                    block.stop();
                    stopped = true;
                }
                progress.report(jobId, "paused", 0, 0);
                created.add(memoryFile); // from here on the state file is this step's to remove
                MigrationResult migrated = block.migrateToFile(memoryFile, jobTimeout);
                for (Overlay o : overlays) {
                    block.addOverlayNode(node(o), NodeNames.file(o.device(), o.layer()), o.overlay());
                    added.add(node(o));
                }
                List<TransactionAction> actions = new ArrayList<>();
                for (Overlay o : overlays) {
                    actions.add(TransactionAction.external(open.get(o.device()).nodeName(), node(o)));
                }
                block.transaction(actions); // every disk switches, or none
                if (stopped) {
                    block.cont();
                }
                long size = size(memoryFile);
                progress.report(jobId, (stopped ? "resumed" : "done, still paused") + " after "
                        + (System.nanoTime() - paused) / 1_000_000 + " ms; memory state " + size + " bytes ("
                        + migrated.ramTransferred() + " bytes of RAM), " + overlays.size() + " disk(s) switched", 0, 0);
                return size;
            } catch (LiveWriteException | RuntimeException failed) {
                removeMade(block, added, created, failed);
                if (stopped) {
                    try {
                        block.cont();
                    } catch (QmpException e) {
                        failed.addSuppressed(e);
                    }
                }
                throw failed;
            }
        });
    }

    @Override
    public void uncheckpoint(String domain, Path memoryFile, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException {
        run(domain, block -> {
            // the overlays are made before the state file: where none of ours is left, the file is not ours
            boolean reachedState = false;
            for (Overlay o : overlays) {
                reachedState |= ours(o);
            }
            reachedState |= block.queryBlock().stream().anyMatch(d -> overlays.stream()
                    .anyMatch(o -> d.device().equals(o.device()) && d.nodeName().equals(node(o))));
            unswitch(block, domain, overlays, jobId, progress);
            if (reachedState) {
                try {
                    Files.deleteIfExists(memoryFile);
                } catch (IOException e) {
                    throw new LiveWriteException("MEMORY_FILE_REMOVE", "cannot remove memory state file " + memoryFile
                            + ": " + e.getMessage(), e);
                }
            }
            if ("postmigrate".equals(block.queryStatus().status())) {
                block.cont(); // the interrupted checkpoint paused it
            }
            return null;
        });
    }

    private static long size(Path file) throws LiveWriteException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new LiveWriteException("MEMORY_FILE", "cannot read memory state file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unswitchOverlays(String domain, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException {
        run(domain, block -> {
            unswitch(block, domain, overlays, jobId, progress);
            return null;
        });
    }

    private void unswitch(LiveBlock block, String domain, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException {
        {
            List<BlockDevice> open = block.queryBlock();
            List<NamedNode> nodes = block.namedNodes();
            for (Overlay o : overlays) {
                String ours = node(o);
                boolean active = open.stream().anyMatch(d -> d.device().equals(o.device()) && d.nodeName().equals(ours));
                if (active) {
                    String below = nodes.stream().filter(n -> !n.nodeName().equals(ours) && "qcow2".equals(n.driver())
                            && LiveDomains.sameFile(n.filename(), o.image().toString())).map(NamedNode::nodeName)
                            .findFirst().orElseThrow(() -> new LiveWriteException("NO_SUCH_DEVICE", "the QEMU of domain "
                                    + domain + " has no node for " + o.image() + " below overlay " + o.overlay()));
                    block.blockCommit(jobId + "-" + o.device(), ours, null, below, 0, listener(progress), jobTimeout);
                }
                if (nodes.stream().anyMatch(n -> n.nodeName().equals(ours))) {
                    block.blockdevDel(ours);
                }
                removeIfOurs(o);
            }
        }
    }

    /** Creates the overlay file with its mark and the absolute name of the image below as its backing. */
    private static Path createOverlay(String domain, Overlay o) throws LiveWriteException {
        try {
            if (Files.exists(o.overlay())) {
                throw new LiveWriteException("OVERLAY_EXISTS", "device " + o.device() + " of domain " + domain
                        + ": overlay file " + o.overlay() + " already exists; choose another file with --diskspec "
                        + o.device() + ",file=PATH");
            }
            Path folder = o.overlay().toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
                throw new LiveWriteException("OVERLAY_UNWRITABLE", "device " + o.device() + " of domain " + domain
                        + ": cannot create overlay " + o.overlay() + " (folder missing or not writable); choose another "
                        + "file with --diskspec " + o.device() + ",file=PATH");
            }
            ImageFormat below = Images.probe(o.image());
            Qcow2Creator.create(o.overlay(), Qcow2Creator.Options.overlay(o.image().toAbsolutePath().toString(), below)
                    .withExtensions(List.of(o.mark().toExtension())));
            return o.overlay();
        } catch (IOException e) {
            throw new LiveWriteException("OVERLAY_CREATE", "device " + o.device() + ": cannot create overlay "
                    + o.overlay() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the overlay file if, and only if, this operation made it. */
    private static void removeIfOurs(Overlay o) throws LiveWriteException {
        try {
            if (ours(o)) {
                Files.delete(o.overlay());
            }
        } catch (IOException e) {
            throw new LiveWriteException("OVERLAY_REMOVE", "cannot remove overlay " + o.overlay() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the overlay file is there with this operation's mark. */
    private static boolean ours(Overlay o) throws LiveWriteException {
        if (!Files.exists(o.overlay())) {
            return false;
        }
        try {
            OverlayMarker found = OverlayMarker.read(o.overlay());
            return found != null && found.snapshotUuid().equals(o.mark().snapshotUuid())
                    && found.operationId().equals(o.mark().operationId());
        } catch (IOException e) {
            throw new LiveWriteException("OVERLAY_READ", "cannot read overlay " + o.overlay() + ": " + e.getMessage(), e);
        }
    }

    private static String node(Overlay o) {
        return NodeNames.format(o.device(), o.layer());
    }

    /** Deletes {@code tag} where it was made at or after {@code notBefore} (QEMU's dates are whole seconds). */
    private void removeTag(LiveBlock block, String domain, String tag, List<String> devices, Instant notBefore,
                           String jobId, JobProgress progress) throws LiveWriteException {
        Instant since = notBefore; // QEMU dates its entries to the microsecond, from the same clock
        List<String> nodes = new ArrayList<>();
        for (BlockDevice device : devices(block, domain, devices).values()) {
            entry(device, tag).filter(s -> !s.date().isBefore(since)).ifPresent(s -> nodes.add(device.nodeName()));
        }
        if (!nodes.isEmpty()) {
            block.snapshotDelete(jobId, tag, nodes, listener(progress), jobTimeout);
        }
    }

    private static Optional<InternalSnapshot> entry(BlockDevice device, String tag) {
        return device.active().snapshots().stream().filter(s -> s.name().equals(tag)).findFirst();
    }

    private static Map<String, BlockDevice> devices(LiveBlock block, String domain, List<String> devices)
            throws LiveWriteException {
        List<BlockDevice> open = block.queryBlock();
        Map<String, BlockDevice> found = new LinkedHashMap<>();
        for (String device : devices) {
            BlockDevice d = open.stream().filter(b -> b.device().equals(device)).findFirst().orElse(null);
            if (d == null) {
                throw new LiveWriteException("NO_SUCH_DEVICE", "the QEMU of domain " + domain + " has no disk " + device
                        + "; it has " + open.stream().map(BlockDevice::device).toList());
            }
            found.put(device, d);
        }
        return found;
    }

    private static JobProgressListener listener(JobProgress progress) {
        boolean[] traced = {false};
        return job -> {
            if (TRACE && !traced[0]) {
                traced[0] = true;
                // lets a drill kill snapledger while QEMU runs the job
                System.err.println("snapledger-trace: live step " + job.id() + " " + job.status());
            }
            progress.report(job.id(), job.status(), job.currentProgress(), job.totalProgress());
        };
    }

    /**
     * A job of snapledger's that a process which died left in QEMU (found in {@code query-jobs}) is
     * waited for to its end and dismissed before the next step looks at the disks, so that step sees
     * the job's result, not its work in progress: a snapshot-save still running when its undo looks
     * would otherwise leave its tag behind. A leftover job that failed changed nothing to undo.
     */
    private void settleLeftoverJobs(LiveBlock block) {
        for (JobInfo job : block.jobs().list()) {
            if (job.id().startsWith("sl-")) {
                try {
                    block.jobs().awaitEnd(job.id(), JobProgressListener.NONE, jobTimeout);
                } catch (QmpJobFailedException failed) {
                    // concluded with an error and dismissed: nothing of it to see on the disks
                }
            }
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run(LiveBlock block) throws LiveWriteException;
    }

    private <T> T run(String domain, Step<T> step) throws LiveWriteException {
        QemuLink link = links.apply(domain);
        Optional<QmpClient> connected;
        try {
            connected = domains.tryConnect(domain, link);
        } catch (LiveDomainException e) {
            throw new LiveWriteException("QEMU_UNREACHABLE", e.getMessage(), e);
        }
        QmpClient qmp = connected.orElseThrow(() -> new LiveWriteException("QEMU_UNREACHABLE", "the QEMU of domain "
                + domain + " does not answer on " + domains.socket(domain, link) + " any more"));
        try (qmp) {
            LiveBlock block = new LiveBlock(qmp);
            settleLeftoverJobs(block);
            return step.run(block);
        } catch (QmpJobFailedException e) {
            throw new LiveWriteException("JOB_FAILED", e.getMessage(), e);
        } catch (QemuGoneException e) {
            throw new LiveWriteException("QEMU_GONE", "the QEMU of domain " + domain + " went away: " + e.getMessage(), e);
        } catch (QmpException e) {
            throw new LiveWriteException("QMP_ERROR", e.getMessage(), e);
        }
    }

    /**
     * Undoes what a failed step made before it failed: the nodes it added to QEMU, then the files
     * it created; what cannot be undone is kept with the failure, which is thrown as it was.
     */
    private static void removeMade(LiveBlock block, List<String> added, List<Path> created, Exception failed) {
        for (String node : added) {
            try {
                block.blockdevDel(node);
            } catch (QmpException e) {
                failed.addSuppressed(e);
            }
        }
        for (Path file : created) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failed.addSuppressed(e);
            }
        }
    }
}
