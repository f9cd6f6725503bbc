package io.snapledger.qmp;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The block node names snapledger gives, so that after its own restart it can tell from
 * {@code query-block} / {@code query-named-block-nodes} which of a device's images QEMU has open
 * and which layer is active.
 *
 * <pre>
 *   sl_DEVICE_LAYER        the qcow2 (format) node of one image of disk DEVICE
 *   sl_DEVICE_LAYER_file   its file (protocol) node
 * </pre>
 * DEVICE is the qdev id ({@code vda}); LAYER is {@value #BASE_LAYER} for the image QEMU was
 * started with, and for an overlay snapledger adds, a token of the caller's choosing that is
 * unique on that device while the VM runs (snapledger: the first hex digits of the snapshot or
 * operation UUID, so the node names the snapshot). Devices are a letter then letters, digits and
 * '-'; layers are letters and digits: '_' therefore splits a name unambiguously. QEMU limits node
 * names to 31 characters. Images QEMU opens by itself (the backing files below an overlay) get
 * QEMU's own names ({@code #block123}); find those by filename.
 */
public final class NodeNames {
    public static final String BASE_LAYER = "0";
    private static final String PREFIX = "sl_";
    private static final String FILE_SUFFIX = "_file";
    private static final int MAX_LENGTH = 31;
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");
    private static final Pattern LAYER = Pattern.compile("[A-Za-z0-9]+");

    private NodeNames() {
    }

    /** The device and layer a snapledger node name stands for. */
    public record Layer(String device, String layer, boolean fileNode) {
    }

    public static String format(String device, String layer) {
        check(device, layer);
        return checkLength(PREFIX + device + "_" + layer);
    }

    public static String file(String device, String layer) {
        return checkLength(format(device, layer) + FILE_SUFFIX);
    }

    /** Reads a name made by {@link #format} or {@link #file}; empty for anyone else's. */
    public static Optional<Layer> parse(String nodeName) {
        if (nodeName == null || !nodeName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = nodeName.substring(PREFIX.length()).split("_", -1);
        boolean file = parts.length == 3 && parts[2].equals("file");
        if ((parts.length != 2 && !file) || !DEVICE.matcher(parts[0]).matches()
                || !LAYER.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Layer(parts[0], parts[1], file));
    }

    private static void check(String device, String layer) {
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("device id '" + device + "': a letter, then letters, digits, '-'");
        }
        if (!LAYER.matcher(layer).matches()) {
            throw new IllegalArgumentException("layer token '" + layer + "': letters and digits only");
        }
    }

    private static String checkLength(String name) {
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("node name " + name + " is longer than QEMU's " + MAX_LENGTH
                    + " characters; use a shorter device id or layer token");
        }
        return name;
    }
}
