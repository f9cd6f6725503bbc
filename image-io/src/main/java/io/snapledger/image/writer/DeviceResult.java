package io.snapledger.image.writer;

import java.nio.file.Path;

/**
 * What a prepared step left on the device.
 *
 * @param activeImage   the image that takes the device's writes from now on (the new overlay for an
 *                      external snapshot, the same image for an internal one)
 * @param alreadyDone   true when the step found its own earlier work and did nothing
 * @param contentDigest for a snapshot taken, the {@link io.snapledger.image.ContentDigest} of what
 *                      it holds; null for other steps, or when the image was too large to read on
 *                      the way (see {@link SnapshotDigests})
 */
public record DeviceResult(String device, Path activeImage, boolean alreadyDone, String contentDigest) {

    public DeviceResult(String device, Path activeImage, boolean alreadyDone) {
        this(device, activeImage, alreadyDone, null);
    }

    DeviceResult withDigest(String digest) {
        return new DeviceResult(device, activeImage, alreadyDone, digest);
    }
}
