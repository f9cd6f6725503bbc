package io.snapledger.events.command;

import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.Require;

/**
 * Says which image is a device's active layer now, without touching any image: used when the
 * history is rebuilt from a backing chain (each snapshot is recorded where the device stood when
 * it was taken), or after an operator moved the files on purpose.
 *
 * @param path   the image file, absolute
 * @param format its format
 */
public record SetDeviceImage(String domain, String device, String path, ImageFormat format, CommandMetadata meta)
        implements OperatorCommand {

    public SetDeviceImage {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(device, "device");
        Require.nonBlank(path, "path");
        Require.nonNull(format, "format");
        Require.nonNull(meta, "meta");
    }
}
