package io.snapledger.image;

import java.util.Locale;

/** The on-disk formats snapledger reads and writes; the names are qemu-img's. */
public enum ImageFormat {
    QCOW2, RAW;

    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageFormat fromQemuName(String name) {
        for (ImageFormat format : values()) {
            if (format.qemuName().equals(name)) {
                return format;
            }
        }
        throw new ImageOperationException("unknown image format '" + name + "'; use qcow2 or raw");
    }
}
