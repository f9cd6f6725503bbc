package io.snapledger.cli.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.image.DiskImage;
import io.snapledger.image.qcow2.Qcow2Header;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code qemu-img info} says about an image, as its human text or its JSON (same field names). */
final class ImageDescription {
    private final String filename;
    private final DiskImage image;
    private final long actualSize;

    private ImageDescription(String filename, DiskImage image, long actualSize) {
        this.filename = filename;
        this.image = image;
        this.actualSize = actualSize;
    }

    /** @param filename the image's name as the user gave it, which qemu-img echoes */
    static ImageDescription of(String filename, DiskImage image) throws IOException {
        return new ImageDescription(filename, image, HostAllocation.of(image.path()));
    }

    private Qcow2Header qcow2() {
        return image instanceof Qcow2Image q ? q.header() : null;
    }

    private List<SnapshotEntry> snapshots() {
        return image instanceof Qcow2Image q ? q.snapshots() : List.of();
    }

    private boolean dirty() {
        Qcow2Header h = qcow2();
        return h != null && (h.incompatibleFeatures() & Qcow2Header.INCOMPAT_DIRTY) != 0;
    }

    /** qcow2's "format-specific" data, in the order qemu-img prints it. */
    private Map<String, Object> formatSpecific() {
        Qcow2Header h = qcow2();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("compat", h.version() == 2 ? "0.10" : "1.1");
        data.put("compression-type", h.compressionType() == 1 ? "zstd" : "zlib");
        if (h.version() >= 3) {
            data.put("lazy-refcounts", (h.compatibleFeatures() & Qcow2Header.COMPAT_LAZY_REFCOUNTS) != 0);
        }
        data.put("refcount-bits", h.refcountBits());
        if (h.version() >= 3) {
            data.put("corrupt", (h.incompatibleFeatures() & Qcow2Header.INCOMPAT_CORRUPT) != 0);
            data.put("extended-l2", (h.incompatibleFeatures() & Qcow2Header.INCOMPAT_EXTL2) != 0);
        }
        return data;
    }

    ObjectNode json() {
        ObjectNode node = Json.object()
                .put("filename", filename)
                .put("format", image.format().qemuName())
                .put("virtual-size", image.virtualSize())
                .put("actual-size", actualSize);
        Qcow2Header h = qcow2();
        if (h != null) {
            node.put("cluster-size", h.clusterSize());
            if (h.backingFile() != null) {
                node.put("backing-filename", h.backingFile());
                node.put("full-backing-filename", BackingNames.combine(filename, h.backingFile()));
                if (h.backingFormat() != null) {
                    node.put("backing-filename-format", h.backingFormat());
                }
            }
            if (!snapshots().isEmpty()) {
                node.set("snapshots", SnapshotListing.json(snapshots()));
            }
            ObjectNode specific = node.putObject("format-specific").put("type", "qcow2");
            ObjectNode data = specific.putObject("data");
            formatSpecific().forEach((key, value) -> {
                if (value instanceof Boolean b) {
                    data.put(key, b);
                } else if (value instanceof Integer i) {
                    data.put(key, i);
                } else {
                    data.put(key, value.toString());
                }
            });
        }
        node.put("dirty-flag", dirty());
        return node;
    }

    String text() {
        StringBuilder text = new StringBuilder();
        text.append("image: ").append(filename).append('\n')
                .append("file format: ").append(image.format().qemuName()).append('\n')
                .append("virtual size: ").append(QemuSize.human(image.virtualSize()))
                .append(" (").append(image.virtualSize()).append(" bytes)\n")
                .append("disk size: ").append(QemuSize.human(actualSize)).append('\n');
        Qcow2Header h = qcow2();
        if (h == null) {
            return text.toString();
        }
        text.append("cluster_size: ").append(h.clusterSize()).append('\n');
        if (dirty()) {
            text.append("cleanly shut down: no\n");
        }
        if (h.backingFile() != null) {
            String full = BackingNames.combine(filename, h.backingFile());
            text.append("backing file: ").append(h.backingFile());
            if (!full.equals(h.backingFile())) {
                text.append(" (actual path: ").append(full).append(')');
            }
            text.append('\n');
            if (h.backingFormat() != null) {
                text.append("backing file format: ").append(h.backingFormat()).append('\n');
            }
        }
        if (!snapshots().isEmpty()) {
            text.append(SnapshotListing.table(snapshots()));
        }
        text.append("Format specific information:\n");
        formatSpecific().forEach((key, value) ->
                text.append("    ").append(key.replace('-', ' ')).append(": ").append(value).append('\n'));
        return text.toString();
    }
}
