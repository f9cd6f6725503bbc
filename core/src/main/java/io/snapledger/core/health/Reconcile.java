package io.snapledger.core.health;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.image.ImageException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Compares a domain's images with its history and says where they differ: files missing or
 * replaced, snapshots deleted or added with other tools, backing chains broken, content changed
 * since a snapshot was taken. Reads only; never writes an image.
 */
public final class Reconcile {
    private final DomainView domain;
    private final List<Finding> findings = new ArrayList<>();
    /** Files already reported missing, so a broken chain is not reported twice for one cause. */
    private final Set<Path> missing = new HashSet<>();

    private Reconcile(DomainView domain) {
        this.domain = domain;
    }

    public static List<Finding> scan(SnapshotQueries queries, String domainName) throws IOException {
        DomainView domain = queries.domain(domainName).orElseThrow(() -> new DomainRuleException("NO_SUCH_DOMAIN",
                "domain " + domainName + " is not defined; list them with 'snapledger domains'"));
        Reconcile reconcile = new Reconcile(domain);
        List<SnapshotNode> all = queries.list(domainName, ListFilter.all());
        List<SnapshotNode> nodes = all.stream().filter(n -> n.state() == SnapshotState.READY).toList();
        Set<UUID> known = new HashSet<>();
        all.forEach(n -> known.add(n.uuid()));
        reconcile.checkExternalParts(nodes);
        reconcile.checkActiveImages();
        reconcile.checkInternalParts(nodes, known);
        return List.copyOf(reconcile.findings);
    }

    private void checkExternalParts(List<SnapshotNode> nodes) throws IOException {
        for (SnapshotNode node : nodes) {
            for (SnapshotDevice part : node.devices()) {
                if (part.mode() == DiskSnapshotMode.EXTERNAL && part.image() != null && part.overlay() != null) {
                    new ExternalPartCheck(this, node, part).run();
                }
            }
        }
    }

    private void checkActiveImages() throws IOException {
        for (DeviceImage device : domain.devices()) {
            Path active = Path.of(device.path());
            if (!Files.isRegularFile(active)) {
                reportMissing(device.name(), null, active, "active image " + active + " is missing: moved or deleted",
                        "put it back at " + active);
            } else {
                BackingChains.check(this, device.name(), active);
            }
        }
    }

    /** Every image holding internal snapshots by the history, and every active image (for strangers' entries). */
    private void checkInternalParts(List<SnapshotNode> nodes, Set<UUID> known) throws IOException {
        Map<Path, InternalImageCheck> byImage = new LinkedHashMap<>();
        for (DeviceImage device : domain.devices()) {
            byImage.computeIfAbsent(Path.of(device.path()),
                    p -> new InternalImageCheck(this, device.name(), p, true, known));
        }
        for (SnapshotNode node : nodes) {
            for (SnapshotDevice part : node.devices()) {
                if (part.mode() == DiskSnapshotMode.INTERNAL) {
                    Path image = Path.of(part.image() != null ? part.image() : activeOf(part.device()));
                    byImage.computeIfAbsent(image, p -> new InternalImageCheck(this, part.device(), p, false, known))
                            .expect(node, part);
                }
            }
        }
        for (InternalImageCheck check : byImage.values()) {
            if (!reportedMissing(check.image())) {
                check.run();
            }
        }
    }

    private String activeOf(String device) {
        return domain.devices().stream().filter(d -> d.name().equals(device)).findFirst()
                .map(DeviceImage::path).orElseThrow();
    }

    String domainName() {
        return domain.name();
    }

    void add(Finding finding) {
        findings.add(finding);
    }

    void report(String device, String kind, String snapshot, String detail, String action) {
        findings.add(Finding.of(domain.name(), device, kind, snapshot, detail, action));
    }

    /** Reports a missing file once, whichever check meets it first. */
    void reportMissing(String device, String snapshot, Path file, String detail, String action) {
        if (missing.add(file.toAbsolutePath().normalize())) {
            report(device, "image-missing", snapshot, detail, action);
        }
    }

    boolean reportedMissing(Path file) {
        return missing.contains(file.toAbsolutePath().normalize());
    }

    /** A file that cannot be read as an image is reported, not thrown: the rest still gets checked. */
    void unreadable(String device, String snapshot, Path file, ImageException e) {
        report(device, "image-replaced", snapshot, file + " cannot be read as the image the history names: "
                + e.getMessage(), "put the original file back at " + file);
    }
}
