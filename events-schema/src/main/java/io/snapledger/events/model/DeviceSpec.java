package io.snapledger.events.model;

/**
 * A device of a domain and the image file behind it.
 *
 * @param name   the device name, e.g. {@code vda}
 * @param path   the image file of the device's active layer
 * @param format the image format of that file
 */
public record DeviceSpec(String name, String path, ImageFormat format) {

    public DeviceSpec {
        Require.nonBlank(name, "device name");
        Require.nonBlank(path, "path of device " + name);
        Require.nonNull(format, "format of device " + name);
    }
}
