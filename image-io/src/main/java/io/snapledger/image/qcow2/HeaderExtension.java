package io.snapledger.image.qcow2;

import java.util.Arrays;

/**
 * One qcow2 header extension: a type, then its data padded to 8 bytes. Unknown types are kept
 * byte for byte, as the specification asks, and written back whenever the header is rewritten.
 */
public record HeaderExtension(int type, byte[] data) {
    public static final int END = 0;
    public static final int BACKING_FORMAT = 0xe2792aca;
    public static final int FEATURE_NAME_TABLE = 0x6803f857;
    public static final int BITMAPS = 0x23852875;
    public static final int FULL_DISK_ENCRYPTION = 0x0537be77;
    public static final int EXTERNAL_DATA_FILE = 0x44415441;
    /** snapledger's own marker: the operation and snapshot that made this overlay ("SNAP"). */
    public static final int SNAPLEDGER_OVERLAY = 0x534e4150;

    public HeaderExtension {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    int encodedLength() {
        return 8 + ((data.length + 7) & ~7);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HeaderExtension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("HeaderExtension[type=0x%08x, %d bytes]", type, data.length);
    }
}
