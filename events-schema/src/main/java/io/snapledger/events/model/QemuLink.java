package io.snapledger.events.model;

/**
 * How snapledger reaches a live domain's QEMU.
 *
 * @param qmpSocket the QMP unix socket of a QEMU someone else started ({@code define --qmp});
 *                  null when snapledger starts QEMU itself
 * @param managed   true when snapledger starts and stops QEMU itself ({@code define --emulator};
 *                  its socket is then {@code HOME/qemu/DOMAIN/control.qmp})
 */
public record QemuLink(@Nullable String qmpSocket, boolean managed) {

    public QemuLink {
        Require.nullOrNonBlank(qmpSocket, "qmpSocket");
        if (managed == (qmpSocket != null)) {
            throw new IllegalArgumentException(managed
                    ? "a QEMU snapledger starts has its socket under the home; give no qmpSocket"
                    : "an attached QEMU needs its QMP socket");
        }
    }

    public static QemuLink attached(String qmpSocket) {
        return new QemuLink(qmpSocket, false);
    }

    public static QemuLink startedBySnapledger() {
        return new QemuLink(null, true);
    }
}
