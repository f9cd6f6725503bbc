package io.snapledger.query;

import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.Require;

/**
 * A device of a domain and its active layer: the image file the guest writes to now.
 *
 * @param name   the device name, e.g. {@code vda}
 * @param path   the active layer's file
 * @param format the active layer's format
 */
public record DeviceImage(String name, String path, ImageFormat format) {

    public DeviceImage {
        Require.nonBlank(name, "device name");
        Require.nonBlank(path, "path of device " + name);
        Require.nonNull(format, "format of device " + name);
    }
}
