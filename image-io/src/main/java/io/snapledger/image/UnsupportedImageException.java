package io.snapledger.image;

/** The image is well formed but uses a feature this engine does not handle. */
public final class UnsupportedImageException extends ImageException {
    public UnsupportedImageException(String file, String feature, String advice) {
        super(file + ": " + feature + " is not supported; " + advice + " (the image was not changed)");
    }
}
