package io.snapledger.qmp;

/**
 * A QMP command that QEMU refused, or a conversation with QEMU that could not be held. For a
 * refusal, {@link #errorClass()} and {@link #description()} are QEMU's own {@code error.class}
 * and {@code error.desc}; callers match on the class (stable across QEMU versions, mostly
 * {@code GenericError}) and show the description to people.
 */
public class QmpException extends RuntimeException {
    private final String errorClass;
    private final String description;

    public QmpException(String errorClass, String description, String message) {
        this(errorClass, description, message, null);
    }

    public QmpException(String errorClass, String description, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
        this.description = description;
    }

    /** QEMU's error class ({@code GenericError}, {@code DeviceNotFound}, ...) or a local one. */
    public String errorClass() {
        return errorClass;
    }

    /** QEMU's human description of the error. */
    public String description() {
        return description;
    }
}
