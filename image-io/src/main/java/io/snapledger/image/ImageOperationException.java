package io.snapledger.image;

/** A valid request on a valid image that cannot be carried out, e.g. an unknown snapshot name. */
public final class ImageOperationException extends ImageException {
    public ImageOperationException(String message) {
        super(message);
    }
}
