package io.snapledger.qmp;

import java.util.List;

/**
 * One image of a device's chain as QEMU has it open.
 *
 * @param filename as QEMU opened it (absolute when snapledger passed an absolute path)
 * @param backingFilename the backing name written in this image's header, or null for the base
 */
public record ImageLayer(String filename, String format, long virtualSize, String backingFilename,
                         List<InternalSnapshot> snapshots) {
    public ImageLayer {
        snapshots = List.copyOf(snapshots);
    }
}
