package io.snapledger.image.writer;

import java.nio.file.Path;

/**
 * What a prepared step left on the device.
 *
 * @param activeImage the image that takes the device's writes from now on (the new overlay for an
 *                    external snapshot, the same image for an internal one)
 * @param alreadyDone true when the step found its own earlier work and did nothing
 */
public record DeviceResult(String device, Path activeImage, boolean alreadyDone) {
}
