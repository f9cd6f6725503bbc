package io.snapledger.core.health;

import io.snapledger.image.ImageException;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Walks a device's backing chain down from its active image and reports the first missing link. */
final class BackingChains {
    private BackingChains() {
    }

    static void check(Reconcile reconcile, String device, Path active) throws IOException {
        Path layer = active;
        for (int depth = 0; layer != null && depth <= Images.MAX_CHAIN; depth++) {
            Path backing;
            try {
                if (Images.probe(layer) != ImageFormat.QCOW2) {
                    return;
                }
                try (Qcow2Image image = Qcow2Image.open(layer, false)) {
                    backing = image.backingPath();
                }
            } catch (ImageException e) {
                reconcile.unreadable(device, null, layer, e);
                return;
            }
            if (backing != null && !Files.isRegularFile(backing)) {
                if (!reconcile.reportedMissing(backing)) {
                    reconcile.reportMissing(device, null, backing, layer + " reads from " + backing
                            + ", which is missing: moved or deleted", "put it back at " + backing
                            + ", or if it moved on purpose: 'qemu-img rebase -u -b NEWPATH " + layer + "'");
                }
                return;
            }
            layer = backing;
        }
    }
}
