package io.snapledger.qmp;

import java.io.IOException;

/** qemu-system-x86_64 could not be run: not installed, or not on PATH. */
public class QemuMissingException extends IllegalStateException {
    public QemuMissingException(IOException cause) {
        super(QemuProcess.BINARY + " cannot be started (" + cause.getMessage()
                + "): install it (Debian/Ubuntu: apt-get install -y qemu-system-x86)", cause);
    }
}
