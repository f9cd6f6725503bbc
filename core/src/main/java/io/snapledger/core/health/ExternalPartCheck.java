package io.snapledger.core.health;

import io.snapledger.image.ContentDigest;
import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageException;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.writer.OverlayMarker;
import io.snapledger.query.SnapshotDevice;
import io.snapledger.query.SnapshotNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One device's part of an external snapshot: the frozen image must be where the history says and
 * read as it did; the overlay made on it, while it exists, must carry our mark and read from it.
 */
final class ExternalPartCheck {
    private final Reconcile reconcile;
    private final SnapshotNode node;
    private final SnapshotDevice part;
    private final Path frozen;
    private final Path overlay;

    ExternalPartCheck(Reconcile reconcile, SnapshotNode node, SnapshotDevice part) {
        this.reconcile = reconcile;
        this.node = node;
        this.part = part;
        this.frozen = Path.of(part.image());
        this.overlay = Path.of(part.overlay());
    }

    void run() throws IOException {
        if (!Files.isRegularFile(frozen)) {
            reconcile.reportMissing(part.device(), node.name(), frozen, "frozen image " + frozen + " of snapshot "
                    + node.name() + " is missing: moved or deleted", "put it back at " + frozen);
        } else {
            checkContent();
        }
        if (Files.isRegularFile(overlay)) {
            checkOverlay();
        }
        // a missing overlay is the active image's business (reported there) or was merged away later
    }

    private void checkContent() throws IOException {
        if (part.contentDigest() == null) {
            return;
        }
        try (DiskImage image = Images.open(frozen, false)) {
            String now = ContentDigest.of(image);
            if (!now.equals(part.contentDigest())) {
                reconcile.report(part.device(), "content-changed", node.name(), "snapshot " + node.name()
                        + " on device " + part.device() + " changed since it was taken: " + frozen
                        + " no longer reads as it did (written, or an overlay committed into it)",
                        "if the change was wanted, take a new snapshot and forget this one with 'snapledger "
                                + "snapshot-delete " + reconcile.domainName() + " " + node.name() + " --metadata'; "
                                + "otherwise restore " + frozen + " from a backup");
            }
        } catch (ImageException e) {
            reconcile.unreadable(part.device(), node.name(), frozen, e);
        }
    }

    private void checkOverlay() throws IOException {
        OverlayMarker marker = OverlayMarker.read(overlay);
        if (marker == null || !marker.snapshotUuid().equals(node.uuid())) {
            reconcile.report(part.device(), "image-replaced", node.name(), "overlay " + overlay
                    + " no longer carries the mark of snapshot " + node.name() + ": the file was replaced",
                    "put the original overlay back at " + overlay);
            return;
        }
        try (Qcow2Image image = Qcow2Image.open(overlay, false)) {
            Path backing = image.backingPath();
            if (backing == null || !backing.toAbsolutePath().normalize().equals(frozen.toAbsolutePath().normalize())) {
                reconcile.report(part.device(), "backing-changed", node.name(), "overlay " + overlay + " reads from "
                        + backing + ", the history says " + frozen, "point it back with 'qemu-img rebase -u -b "
                        + frozen + " " + overlay + "' if " + frozen + " still holds the snapshot");
            }
        } catch (ImageException e) {
            reconcile.unreadable(part.device(), node.name(), overlay, e);
        }
    }
}
