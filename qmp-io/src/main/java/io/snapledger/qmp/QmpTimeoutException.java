package io.snapledger.qmp;

/**
 * A reply, an event or a job's end did not come in time. QEMU may still be working on it: a
 * command that timed out may yet take effect, so the caller must look at QEMU's state again
 * (query-jobs, query-block) rather than assume it failed.
 */
public class QmpTimeoutException extends QmpException {
    public QmpTimeoutException(String message) {
        super("Timeout", message, message);
    }
}
