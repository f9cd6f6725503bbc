package io.snapledger.query;

/**
 * The projection store could not do what was asked: RocksDB failed, or a stored value could not
 * be read. The message names the store and the operation. Retrying the same call may succeed if
 * the cause was transient (e.g. disk full); nothing was written by a call that threw.
 */
public class ProjectionException extends RuntimeException {

    public ProjectionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProjectionException(String message) {
        super(message);
    }
}
