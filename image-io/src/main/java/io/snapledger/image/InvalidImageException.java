package io.snapledger.image;

/** The file is not a well-formed image: a structure is out of bounds, misaligned or inconsistent. */
public final class InvalidImageException extends ImageException {
    public InvalidImageException(String file, String problem) {
        super(file + ": " + problem + " (the image was not changed; inspect it with 'qemu-img check')");
    }
}
