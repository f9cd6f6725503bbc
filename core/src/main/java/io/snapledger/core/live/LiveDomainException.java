package io.snapledger.core.live;

import io.snapledger.image.ImageException;

/**
 * A live domain's QEMU could not be used as asked: it does not answer, it has other disks open
 * than the domain's, it is already running, ... The message is one line for the operator.
 */
public final class LiveDomainException extends ImageException {
    public LiveDomainException(String message) {
        super(message);
    }

    public LiveDomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
