package io.snapledger.command.device;

import io.snapledger.image.ImageOperationException;
import io.snapledger.image.InvalidImageException;
import io.snapledger.image.UnsupportedImageException;

import java.io.IOException;

/** Stable codes for what went wrong on a device, recorded in failure events. */
final class ErrorCodes {
    private ErrorCodes() {
    }

    static String of(Throwable e) {
        if (e instanceof InvalidImageException) {
            return "IMAGE_INVALID";
        } else if (e instanceof UnsupportedImageException) {
            return "IMAGE_UNSUPPORTED";
        } else if (e instanceof ImageOperationException) {
            return "IMAGE_REFUSED";
        } else if (e instanceof IOException) {
            return "IO_ERROR";
        }
        return "INTERNAL_ERROR";
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
