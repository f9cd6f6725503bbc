package io.snapledger.core.health;

import io.snapledger.image.ContentDigest;
import io.snapledger.image.ImageException;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.query.SnapshotDevice;
import io.snapledger.query.SnapshotNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One image's snapshot table against the history: each internal snapshot the history places in it
 * is there (by UUID, or by number for entries QEMU made) and reads as it did; no entry is there
 * that the history does not know.
 */
final class InternalImageCheck {
    /** Revert keeps a safety point under this name while it runs; it is ours, not a stranger's. */
    private static final String SAFETY_POINT = "snapledger-safety-";
    private final Reconcile reconcile;
    private final String device;
    private final Path image;
    private final boolean active;
    private final Set<UUID> known;
    private final List<Expected> expected = new ArrayList<>();

    private record Expected(SnapshotNode node, SnapshotDevice part) {
    }

    InternalImageCheck(Reconcile reconcile, String device, Path image, boolean active, Set<UUID> known) {
        this.reconcile = reconcile;
        this.device = device;
        this.image = image;
        this.active = active;
        this.known = known;
    }

    Path image() {
        return image;
    }

    void expect(SnapshotNode node, SnapshotDevice part) {
        expected.add(new Expected(node, part));
    }

    void run() throws IOException {
        if (!Files.isRegularFile(image)) {
            reconcile.reportMissing(device, null, image, "image " + image + " holding snapshots " + names(expected)
                    + " is missing: moved or deleted", "put it back at " + image);
            return;
        }
        if (Images.probe(image) != ImageFormat.QCOW2) {
            if (!expected.isEmpty()) {
                replaced(image + " is no longer a qcow2 image");
            }
            return;
        }
        try (Qcow2Image qcow2 = Qcow2Image.open(image, false)) {
            compare(qcow2);
        } catch (ImageException e) {
            reconcile.unreadable(device, null, image, e);
        }
    }

    private void compare(Qcow2Image qcow2) throws IOException {
        Set<SnapshotEntry> matched = new HashSet<>();
        List<Expected> gone = new ArrayList<>();
        for (Expected e : expected) {
            SnapshotEntry entry = find(qcow2, e.node(), e.part().qemuId(), matched);
            if (entry == null) {
                gone.add(e);
            } else {
                matched.add(entry);
                checkContent(qcow2, e, entry);
            }
        }
        if (!expected.isEmpty() && gone.size() == expected.size()) {
            replaced("none of the snapshots the history places in " + image + " (" + names(expected)
                    + ") is there: the file was replaced, or every one of them deleted");
        } else {
            gone.forEach(this::deleted);
        }
        for (SnapshotEntry entry : qcow2.snapshots()) {
            if (!matched.contains(entry) && !entry.name().startsWith(SAFETY_POINT)
                    && (entry.uuid() == null || !known.contains(entry.uuid()))) {
                stranger(entry);
            }
        }
    }

    /**
     * Our entry by UUID, else one without a UUID (made by QEMU: adopted, or taken by a running
     * domain's QEMU, which picked {@code qemuId}) with the id_str it should have.
     */
    static SnapshotEntry find(Qcow2Image qcow2, SnapshotNode node, String qemuId, Set<SnapshotEntry> matched) {
        SnapshotEntry ours = qcow2.snapshotByUuid(node.uuid());
        if (ours != null) {
            return ours;
        }
        String id = qemuId != null ? qemuId : Long.toString(node.id());
        return qcow2.snapshots().stream().filter(e -> e.uuid() == null && e.id().equals(id) && !matched.contains(e))
                .findFirst().orElse(null);
    }

    private void checkContent(Qcow2Image qcow2, Expected e, SnapshotEntry entry) throws IOException {
        String recorded = e.part().contentDigest();
        if (recorded != null && !recorded.equals(ContentDigest.ofSnapshot(qcow2, entry))) {
            reconcile.report(device, "content-changed", e.node().name(), "snapshot " + e.node().name() + " on device "
                    + device + " changed since it was taken: its clusters in " + image + " were written",
                    "restore " + image + " from a backup, or forget the snapshot with 'snapledger snapshot-delete "
                            + reconcile.domainName() + " " + e.node().name() + " --metadata'");
        }
    }

    private void deleted(Expected e) {
        reconcile.report(device, "snapshot-missing", e.node().name(), "snapshot " + e.node().name() + " (id "
                + e.node().id() + ") is gone from " + image + ": deleted behind snapledger's back",
                "forget it with 'snapledger snapshot-delete " + reconcile.domainName() + " " + e.node().name()
                        + " --metadata'");
    }

    private void replaced(String detail) {
        reconcile.report(device, "image-replaced", null, detail, "put the original file back at " + image
                + ", or forget those snapshots with 'snapledger snapshot-delete " + reconcile.domainName()
                + " NAME --metadata'");
    }

    private void stranger(SnapshotEntry entry) {
        String detail = image + " holds snapshot '" + entry.name() + "' (id " + entry.id() + ") that the history "
                + "does not know: made with qemu-img or another tool";
        if (active) {
            reconcile.add(new Finding(reconcile.domainName(), device, "unknown-snapshot", entry.name(), detail,
                    "adopt it with 'snapledger reconcile " + reconcile.domainName() + " --adopt'",
                    new Finding.Foreign(image, entry)));
        } else {
            reconcile.report(device, "unknown-snapshot", entry.name(), detail + "; it is not in the device's active "
                    + "image, so it cannot be adopted", "delete it with 'qemu-img snapshot -d " + entry.id() + " "
                    + image + "' or leave it");
        }
    }

    private static String names(List<Expected> expected) {
        return String.join(", ", expected.stream().map(e -> e.node().name()).toList());
    }
}
