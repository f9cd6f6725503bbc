package io.snapledger.image;

/**
 * An image cannot be used the way it was asked to be. The message says what is wrong and what the
 * user can do about it; it is meant to be shown as it is, on one line.
 */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
