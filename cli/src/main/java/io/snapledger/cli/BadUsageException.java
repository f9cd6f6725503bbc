package io.snapledger.cli;

/**
 * The options parse but do not make sense together or hold a bad value (e.g. {@code -b} without
 * {@code -F}): one line on stderr and exit 2, without the whole usage text that a syntax error gets.
 */
public final class BadUsageException extends RuntimeException {
    public BadUsageException(String message) {
        super(message);
    }
}
