package io.snapledger.command.device;

import io.snapledger.command.live.LiveWriteException;
import io.snapledger.command.live.LiveWriter;
import io.snapledger.events.command.AbortRevert;
import io.snapledger.events.command.CompensateLiveSnapshot;
import io.snapledger.events.command.DeleteLiveSnapshots;
import io.snapledger.events.command.LiveWorkCommand;
import io.snapledger.events.command.LoadLiveSnapshot;
import io.snapledger.events.command.RecordDeviceCompensated;
import io.snapledger.events.command.RecordDeviceFailed;
import io.snapledger.events.command.RecordLiveSnapshotDeleted;
import io.snapledger.events.command.RecordLiveSnapshotLoaded;
import io.snapledger.events.command.RecordLiveSnapshotSaved;
import io.snapledger.events.command.SaveLiveSnapshot;
import io.snapledger.events.command.CompensateLiveOverlays;
import io.snapledger.events.command.RecordDevicePrepared;
import io.snapledger.events.command.SwitchLiveOverlays;
import io.snapledger.events.command.RecordMemoryStateSaved;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.image.writer.OverlayMarker;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.snapledger.events.model.LiveTag;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a running domain's work out through the {@link LiveWriter} port: one QEMU job for every
 * device of the operation, whose outcome is reported for the domain and, where the aggregate and
 * the saga count devices (a failed or compensated take), for each device. The job's id is the
 * step's kind and the operation's correlation id, so a job can be found again in QEMU's
 * {@code query-jobs} and is named in the history.
 */
public class LiveWorkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveWorkHandler.class);
    private final LiveWriter writer;
    private final LiveWriter.JobProgress progress;
    private final CommandGateway gateway;

    public LiveWorkHandler(LiveWriter writer, LiveWriter.JobProgress progress, CommandGateway gateway) {
        this.writer = writer;
        this.progress = progress;
        this.gateway = gateway;
    }

    static String jobId(String kind, LiveWorkCommand c) {
        return "sl-" + kind + "-" + c.meta().correlationId();
    }

    @CommandHandler
    public void handle(SaveLiveSnapshot c) {
        String jobId = jobId("save", c);
        try {
            LiveWriter.Saved saved = writer.save(c.domain(), c.tag(), c.devices(), jobId, progress);
            report(new RecordLiveSnapshotSaved(c.domain(), c.snapshotUuid(), jobId, c.tag(), c.vmstateDevice(),
                    saved.qemuIds(), saved.vmStateSize(), c.meta()));
        } catch (LiveWriteException | RuntimeException e) {
            String code = e instanceof LiveWriteException live ? live.code() : ErrorCodes.of(e);
            for (String device : c.devices()) {
                report(new RecordDeviceFailed(c.domain(), c.snapshotUuid(), device, code,
                        "QEMU job " + jobId + ": " + ErrorCodes.message(e), c.meta()));
            }
        }
    }

    @CommandHandler
    public void handle(CompensateLiveSnapshot c) throws Exception {
        Retries.run("remove live snapshot " + c.tag() + " of " + c.domain(), () -> writer.unsave(c.domain(), c.tag(),
                c.devices(), c.takenAt(), jobId("unsave", c), progress));
        for (String device : c.devices()) {
            report(new RecordDeviceCompensated(c.domain(), c.snapshotUuid(), device, c.meta()));
        }
    }

    /** A load that failed changed no disk as far as QEMU tells (it checks every device first): the revert is called off. */
    @CommandHandler
    public void handle(LoadLiveSnapshot c) {
        String jobId = jobId("load", c);
        try {
            writer.load(c.domain(), c.live(), c.devices(), jobId, progress);
            report(new RecordLiveSnapshotLoaded(c.domain(), c.snapshotUuid(), jobId, c.live().paused(), c.meta()));
        } catch (LiveWriteException | RuntimeException e) {
            report(new AbortRevert(c.domain(), c.snapshotUuid(), "QEMU job " + jobId + " could not load snapshot '"
                    + c.live().tag() + "': " + ErrorCodes.message(e), c.meta()));
        }
    }

    /** Forward only, like the offline discard: each tag goes, retried; a resend after a restart is harmless. */
    @CommandHandler
    public void handle(DeleteLiveSnapshots c) throws Exception {
        for (LiveTag tag : c.tags()) {
            String jobId = jobId("delete", c) + "-" + tag.snapshotUuid().toString().substring(0, 8);
            Retries.run("delete live snapshot " + tag.tag() + " of " + c.domain(), () -> writer.delete(c.domain(),
                    tag.tag(), c.devices(), jobId, progress));
            report(new RecordLiveSnapshotDeleted(c.domain(), c.snapshotUuid(), tag.snapshotUuid(), jobId, c.meta()));
        }
    }

    /** Every device switches to its overlay in one transaction, and each is reported prepared; or none does. */
    @CommandHandler
    public void handle(SwitchLiveOverlays c) {
        try {
            List<LiveWriter.Overlay> overlays = overlays(c.snapshotUuid(), c.snapshotId(), c.snapshotName(),
                    c.parentUuid(), c.locations(), c.takenAt(), c.meta().correlationId());
            if (c.memoryFile() != null) {
                long size = writer.checkpoint(c.domain(), Path.of(c.memoryFile()), overlays, jobId("checkpoint", c),
                        progress);
                report(new RecordMemoryStateSaved(c.domain(), c.snapshotUuid(), MemoryMode.EXTERNAL, null,
                        c.memoryFile(), size, c.meta()));
            } else {
                writer.switchOverlays(c.domain(), overlays, progress);
            }
            for (DeviceLocation at : c.locations()) {
                report(new RecordDevicePrepared(c.domain(), c.snapshotUuid(), at.device(), at.mode(), at.overlay(), null,
                        c.meta()));
            }
        } catch (LiveWriteException | RuntimeException e) {
            String code = e instanceof LiveWriteException live ? live.code() : ErrorCodes.of(e);
            for (DeviceLocation at : c.locations()) {
                report(new RecordDeviceFailed(c.domain(), c.snapshotUuid(), at.device(), code,
                        (c.memoryFile() != null ? "QEMU checkpoint " + jobId("checkpoint", c) : "QEMU transaction")
                                + ": " + ErrorCodes.message(e), c.meta()));
            }
        }
    }

    @CommandHandler
    public void handle(CompensateLiveOverlays c) throws Exception {
        List<LiveWriter.Overlay> overlays = overlays(c.snapshotUuid(), 1, "-", null, c.locations(), Instant.EPOCH,
                c.meta().correlationId());
        if (c.memoryFile() != null) {
            Retries.run("undo checkpoint of " + c.domain(), () -> writer.uncheckpoint(c.domain(),
                    Path.of(c.memoryFile()), overlays, jobId("unswitch", c), progress));
        } else {
            Retries.run("switch " + c.domain() + " back from its overlays", () -> writer.unswitchOverlays(c.domain(),
                    overlays, jobId("unswitch", c), progress));
        }
        for (DeviceLocation at : c.locations()) {
            report(new RecordDeviceCompensated(c.domain(), c.snapshotUuid(), at.device(), c.meta()));
        }
    }

    /** The overlays of a disk-only snapshot, their nodes named after the snapshot's UUID, marked as image-io marks them. */
    static List<LiveWriter.Overlay> overlays(UUID snapshot, long id, String name, UUID parent,
                                             List<DeviceLocation> locations, Instant takenAt, UUID operation) {
        String layer = snapshot.toString().substring(0, 8);
        OverlayMarker mark = new OverlayMarker(snapshot, operation,
                new OverlayMarker.Taken(parent, Long.toString(id), name, takenAt));
        return locations.stream().map(at -> new LiveWriter.Overlay(at.device(), Path.of(at.image()),
                Path.of(at.overlay()), layer, mark)).toList();
    }

    private void report(Object command) {
        gateway.send(command).exceptionally(failure -> {
            LOG.warn("report {} was not taken: {}", command.getClass().getSimpleName(), failure.getMessage());
            return null;
        });
    }
}
