package io.snapledger.core.health;

import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.image.ContentDigest;
import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageException;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.CheckReport;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.image.writer.OverlayMarker;
import io.snapledger.query.DeviceImage;
import io.snapledger.query.DomainView;
import io.snapledger.query.ListFilter;
import io.snapledger.query.SnapshotDevice;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotQueries;
import io.snapledger.query.SnapshotState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks that the images hold exactly what the history says: every snapshot's internal entry
 * (with its UUID and number) or overlay (with our mark and the right backing file) is there, no
 * entry of ours is there that the history does not know, no operation is left half-done, and every
 * image is healthy by the same rules as {@code qemu-img check}. Reads only.
 */
public final class Fsck {
    private final SnapshotQueries queries;
    private final List<Problem> problems = new ArrayList<>();

    private Fsck(SnapshotQueries queries) {
        this.queries = queries;
    }

    /** @param domain one domain, or null for all */
    public static List<Problem> check(SnapshotQueries queries, String domain) throws IOException {
        Fsck fsck = new Fsck(queries);
        for (DomainView view : queries.domains()) {
            if (domain == null || view.name().equals(domain)) {
                fsck.checkDomain(view);
            }
        }
        return List.copyOf(fsck.problems);
    }

    private void checkDomain(DomainView domain) throws IOException {
        List<SnapshotNode> nodes = queries.list(domain.name(), ListFilter.all());
        Set<UUID> known = new HashSet<>();
        Set<Path> images = new LinkedHashSet<>();
        for (DeviceImage device : domain.devices()) {
            Path active = Path.of(device.path());
            if (!Files.isRegularFile(active)) {
                problem(domain, device.name(), null, "active image " + active + " is missing");
            } else {
                images.add(active);
            }
        }
        for (SnapshotNode node : nodes) {
            known.add(node.uuid());
            if (node.state() != SnapshotState.READY) {
                problem(domain, null, node.name(), "left " + node.state().name().toLowerCase() + " by an operation "
                        + "that did not finish");
            }
            for (SnapshotDevice recorded : node.devices()) {
                SnapshotDevice at = withImage(domain, recorded);
                if (at.mode() == DiskSnapshotMode.INTERNAL && at.image() != null) {
                    checkInternal(domain, node, at);
                    images.add(Path.of(at.image()));
                } else if (at.mode() == DiskSnapshotMode.EXTERNAL && at.image() != null && at.overlay() != null) {
                    checkExternal(domain, node, at);
                }
            }
        }
        for (Path image : images) {
            checkImage(domain, image, known);
        }
    }

    /** An imported snapshot's record may not name its image: it lives in the device's active one. */
    private static SnapshotDevice withImage(DomainView domain, SnapshotDevice at) {
        if (at.image() != null) {
            return at;
        }
        return domain.devices().stream().filter(d -> d.name().equals(at.device())).findFirst()
                .map(d -> new SnapshotDevice(at.device(), at.mode(), d.path(), d.format(), at.overlay()))
                .orElse(at);
    }

    private void checkInternal(DomainView domain, SnapshotNode node, SnapshotDevice at) throws IOException {
        Path image = Path.of(at.image());
        if (!Files.isRegularFile(image)) {
            problem(domain, at.device(), node.name(), "image " + image + " holding it is missing");
            return;
        }
        try (Qcow2Image qcow2 = Qcow2Image.open(image, false)) {
            SnapshotEntry entry = InternalImageCheck.find(qcow2, node, at.qemuId(), Set.of());
            String expectedId = at.qemuId() != null ? at.qemuId() : Long.toString(node.id());
            if (entry == null) {
                problem(domain, at.device(), node.name(), "no internal snapshot " + node.uuid() + " in " + image);
            } else if (!entry.id().equals(expectedId)) {
                problem(domain, at.device(), node.name(), "entry in " + image + " has id " + entry.id() + ", history "
                        + "says " + expectedId);
            } else if (at.contentDigest() != null) {
                compareDigest(domain, node, at, ContentDigest.ofSnapshot(qcow2, entry));
            }
        } catch (ImageException e) {
            problem(domain, at.device(), node.name(), e.getMessage());
        }
    }

    private void checkExternal(DomainView domain, SnapshotNode node, SnapshotDevice at) throws IOException {
        Path frozen = Path.of(at.image());
        Path overlay = Path.of(at.overlay());
        if (!Files.isRegularFile(frozen)) {
            problem(domain, at.device(), node.name(), "frozen image " + frozen + " is missing");
        } else if (at.contentDigest() != null) {
            try (DiskImage image = Images.open(frozen, false)) {
                compareDigest(domain, node, at, ContentDigest.of(image));
            } catch (ImageException e) {
                problem(domain, at.device(), node.name(), e.getMessage());
            }
        }
        if (!Files.isRegularFile(overlay)) {
            // an overlay may have been merged away later; only a missing frozen image loses data
            return;
        }
        OverlayMarker marker = OverlayMarker.read(overlay);
        if (marker == null || !marker.snapshotUuid().equals(node.uuid())) {
            problem(domain, at.device(), node.name(), "overlay " + overlay + " does not carry this snapshot's mark");
        }
        try (Qcow2Image qcow2 = Qcow2Image.open(overlay, false)) {
            Path backing = qcow2.backingPath();
            if (backing == null || !backing.toAbsolutePath().normalize().equals(frozen.toAbsolutePath().normalize())) {
                problem(domain, at.device(), node.name(), "overlay " + overlay + " reads from " + backing
                        + ", history says " + frozen);
            }
        } catch (ImageException e) {
            problem(domain, at.device(), node.name(), e.getMessage());
        }
    }

    private void compareDigest(DomainView domain, SnapshotNode node, SnapshotDevice at, String now) {
        if (!now.equals(at.contentDigest())) {
            problem(domain, at.device(), node.name(), "snapshot " + node.name() + " on device " + at.device()
                    + " changed since it was taken (content digest " + at.contentDigest() + " then, " + now
                    + " now); see 'snapledger reconcile " + domain.name() + "'");
        }
    }

    private void checkImage(DomainView domain, Path image, Set<UUID> known) throws IOException {
        if (!Files.isRegularFile(image) || Images.probe(image) != ImageFormat.QCOW2) {
            return;
        }
        try (Qcow2Image qcow2 = Qcow2Image.open(image, false)) {
            CheckReport report = qcow2.check();
            if (!report.clean()) {
                problem(domain, null, null, image + ": " + report.corruptions() + " corruption(s), " + report.leaks()
                        + " leaked cluster(s): " + report.firstProblem());
            }
            for (SnapshotEntry e : qcow2.snapshots()) {
                if (e.uuid() != null && !known.contains(e.uuid())) {
                    problem(domain, null, e.name(), image + " holds snapshot entry " + e.uuid() + " (id " + e.id()
                            + ") that the history does not know");
                }
            }
        } catch (ImageException e) {
            problem(domain, null, null, e.getMessage());
        }
    }

    private void problem(DomainView domain, String device, String snapshot, String what) {
        problems.add(new Problem(domain.name(), device, snapshot, what));
    }
}
