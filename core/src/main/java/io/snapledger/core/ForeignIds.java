package io.snapledger.core;

import io.snapledger.events.model.ImageFormat;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.query.DeviceImage;
import io.snapledger.query.SnapshotQueries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lowest snapshot number free on every device: qcow2 files may hold entries made outside
 * snapledger (qemu-img, libvirt) whose numeric id_str a new snapshot must not reuse.
 */
final class ForeignIds {
    private ForeignIds() {
    }

    static Long lowestFreeId(SnapshotQueries queries, String domain) throws IOException {
        long highest = 0;
        var view = queries.domain(domain);
        if (view.isEmpty()) {
            return null;
        }
        for (DeviceImage device : view.get().devices()) {
            Path path = Path.of(device.path());
            if (device.format() != ImageFormat.QCOW2 || !Files.isRegularFile(path)) {
                continue;
            }
            try (Qcow2Image image = Qcow2Image.open(path, false)) {
                for (SnapshotEntry e : image.snapshots()) {
                    if (e.id().matches("\\d{1,18}")) {
                        highest = Math.max(highest, Long.parseLong(e.id()));
                    }
                }
            }
        }
        return highest == 0 ? null : highest + 1;
    }
}
