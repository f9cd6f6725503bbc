package io.snapledger.cli.image;

import java.nio.file.Path;

/**
 * Names of backing files as qemu-img prints them: a relative backing name is joined to the folder
 * of the overlay <em>as the user named it</em> ({@code top.qcow2} + {@code base.qcow2} gives
 * {@code base.qcow2}, {@code /vm/top.qcow2} gives {@code /vm/base.qcow2}), not made absolute.
 */
final class BackingNames {
    private BackingNames() {
    }

    static String combine(String overlayAsNamed, String backingName) {
        if (Path.of(backingName).isAbsolute()) {
            return backingName;
        }
        Path folder = Path.of(overlayAsNamed).getParent();
        return folder == null ? backingName : folder.resolve(backingName).toString();
    }
}
