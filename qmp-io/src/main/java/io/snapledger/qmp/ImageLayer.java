package io.snapledger.qmp;

import java.util.List;

/**
 * One image of a device's chain as QEMU has it open.
 *
 * @param filename the image file (absolute when snapledger passed an absolute path)
 * @param qemuFilename QEMU's name for the image: the file name, or a {@code json:{...}}
 *               pseudo-filename when the backing name in the image's header is not the backing
 *               node's filename (a relative name, as snapledger writes in overlays, opened with
 *               {@code backing: null} and then attached by blockdev-snapshot)
 * @param backingFilename the backing name written in this image's header, or null for the base
 */
public record ImageLayer(String filename, String qemuFilename, String format, long virtualSize, String backingFilename,
                         List<InternalSnapshot> snapshots) {
    public ImageLayer {
        snapshots = List.copyOf(snapshots);
    }
}
