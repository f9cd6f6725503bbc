package io.snapledger.qmp;

/**
 * The QMP connection ended: QEMU quit, crashed or was killed, or the socket was closed. Every
 * command in flight and every event wait fails with this at once, so a dead QEMU never turns
 * into a hang. What QEMU did before it went is for the caller to find out (query the images, or
 * a restarted QEMU's {@code query-jobs}).
 */
public class QemuGoneException extends QmpException {
    public QemuGoneException(String message, Throwable cause) {
        super("QemuGone", message, message, cause);
    }
}
