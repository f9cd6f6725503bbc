package io.snapledger.command.live;

/**
 * A live step that did not happen. {@link #code()} is stable and recorded in failure events:
 * {@code QMP_ERROR} (QEMU refused a command), {@code JOB_FAILED} (a job concluded with an error),
 * {@code QEMU_GONE} (the connection or the process ended), {@code QEMU_UNREACHABLE} (nothing
 * answers on the socket), {@code TAG_EXISTS}, {@code NO_SUCH_DEVICE}, {@code NO_QEMU},
 * {@code INJECTED} (a test's fault).
 */
public class LiveWriteException extends Exception {
    private final String code;

    public LiveWriteException(String code, String message) {
        this(code, message, null);
    }

    public LiveWriteException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
