package io.snapledger.command.live;

import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.model.QemuSnapshotId;
import io.snapledger.image.writer.OverlayMarker;

import java.nio.file.Path;

import java.time.Instant;
import java.util.List;

/**
 * The port through which a running domain's disks change: each method is one QEMU job over every
 * device of the operation (QMP; a real writer never opens an image QEMU has open). The command
 * side's live work handler calls it; the image-file {@code DeviceWriter} is never used while the
 * domain's QEMU runs. {@link FaultInjectingLiveWriter} is its twin for tests and drills.
 *
 * <p>Every method is all or nothing for the devices it names, or says what it left behind:
 * {@link #save} leaves no tag on any disk when it fails; {@link #unsave} and {@link #delete} may
 * be repeated (a tag already gone is no error).
 */
public interface LiveWriter {

    /**
     * Internal snapshot {@code tag} with memory on every device in one {@code snapshot-save} job
     * called {@code jobId}, the memory state on the first device.
     *
     * @throws LiveWriteException nothing was taken (a tag of that name already on a disk, a
     *                            device QEMU does not have, the job failed); no tag is left
     */
    Saved save(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException;

    /** Removes {@code tag} from each device where it was made at or after {@code notBefore}. */
    void unsave(String domain, String tag, List<String> devices, Instant notBefore, String jobId, JobProgress progress)
            throws LiveWriteException;

    /** Every device and the memory back to {@code revert.tag()} in one {@code snapshot-load} job; then running or paused. */
    void load(String domain, LiveRevert revert, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException;

    /** {@code tag} off every device in one {@code snapshot-delete} job; succeeds when it is not there. */
    void delete(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException;

    /**
     * Disk-only external snapshot: each overlay created with its mark over the device's active
     * image (absolute backing name), opened in QEMU, and every device switched to its overlay in
     * ONE transaction. On failure no device is switched and no overlay file this step made is left.
     */
    void switchOverlays(String domain, List<Overlay> overlays, JobProgress progress) throws LiveWriteException;

    /**
     * Undoes {@link #switchOverlays}: a device on its overlay is committed back into the image
     * below (an active commit job) and switched back; overlay nodes and the files this operation
     * made go. May be repeated.
     */
    void unswitchOverlays(String domain, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException;

    /**
     * External system checkpoint: each overlay created as {@link #switchOverlays} does, then the VM
     * paused ({@code stop}), its memory state migrated to {@code memoryFile}, every device switched
     * to its overlay in ONE transaction, and the VM resumed ({@code cont}) if it was running: memory
     * and every disk are of one instant. On failure no device is switched, no overlay file or state
     * file this step made is left, and the VM runs again if it ran.
     *
     * @return the size of the memory state file, in bytes
     */
    long checkpoint(String domain, Path memoryFile, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException;

    /**
     * Undoes {@link #checkpoint}: as {@link #unswitchOverlays}, and the memory state file goes when
     * this operation's overlays show it got that far (a file that was there before is never touched);
     * a VM left paused by the interrupted migration ({@code postmigrate}) runs again. May be repeated.
     */
    void uncheckpoint(String domain, Path memoryFile, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException;

    /**
     * One device's new overlay.
     *
     * @param image   the device's active image now, which becomes the overlay's backing
     * @param overlay the file to create
     * @param layer   the token naming the overlay's node ({@code sl_DEVICE_LAYER}); letters and digits
     * @param mark    snapledger's mark for the overlay's header (snapshot, operation, identity)
     */
    record Overlay(String device, Path image, Path overlay, String layer, OverlayMarker mark) {
    }

    /**
     * What a save made.
     *
     * @param qemuIds     the id_str QEMU gave the snapshot on each device, in the devices' order
     * @param vmStateSize bytes of memory state on the first device
     */
    record Saved(List<QemuSnapshotId> qemuIds, long vmStateSize) {
        public Saved {
            qemuIds = List.copyOf(qemuIds);
        }
    }

    /** Told how a job gets on (its status and progress), e.g. to show it on stderr. */
    @FunctionalInterface
    interface JobProgress {
        JobProgress NONE = (jobId, status, current, total) -> { };

        void report(String jobId, String status, long current, long total);
    }

    /** For a runtime that drives no QEMU: every live step fails, saying so. */
    LiveWriter NONE = new LiveWriter() {
        @Override
        public Saved save(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
                throws LiveWriteException {
            throw none(domain);
        }

        @Override
        public void unsave(String domain, String tag, List<String> devices, Instant notBefore, String jobId,
                           JobProgress progress) {
            // no QEMU was driven, so none took a snapshot to remove
        }

        @Override
        public void load(String domain, LiveRevert revert, List<String> devices, String jobId, JobProgress progress)
                throws LiveWriteException {
            throw none(domain);
        }

        @Override
        public void delete(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
                throws LiveWriteException {
            throw none(domain);
        }

        @Override
        public void switchOverlays(String domain, List<Overlay> overlays, JobProgress progress)
                throws LiveWriteException {
            throw none(domain);
        }

        @Override
        public void unswitchOverlays(String domain, List<Overlay> overlays, String jobId, JobProgress progress) {
            // no QEMU was driven, so none switched a disk
        }

        @Override
        public long checkpoint(String domain, Path memoryFile, List<Overlay> overlays, String jobId,
                               JobProgress progress) throws LiveWriteException {
            throw none(domain);
        }

        @Override
        public void uncheckpoint(String domain, Path memoryFile, List<Overlay> overlays, String jobId,
                                 JobProgress progress) {
            // no QEMU was driven, so no checkpoint was made
        }

        private LiveWriteException none(String domain) {
            return new LiveWriteException("NO_QEMU", "this snapledger runtime drives no QEMU, so running domain "
                    + domain + " cannot be changed");
        }
    };
}
