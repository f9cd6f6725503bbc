package io.snapledger.image.qcow2;

import io.snapledger.image.InvalidImageException;
import io.snapledger.image.UnsupportedImageException;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Reads compressed clusters: raw deflate (QEMU's zlib type, window bits -12). */
final class Compression {
    private Compression() {
    }

    static byte[] decompress(Qcow2Image image, long entry) throws IOException {
        int clusterBits = image.header().clusterBits();
        if (image.header().compressionType() != 0) {
            throw new UnsupportedImageException(image.name(), "reading zstd-compressed clusters",
                    "convert the image with 'qemu-img convert -O qcow2 -o compression_type=zlib'");
        }
        long offset = Entries.compressedOffset(entry, clusterBits);
        long length = Entries.compressedSectors(entry, clusterBits) * 512 - (offset & 511);
        byte[] input = image.file().readBytes(offset, (int) Math.min(length, 2L << clusterBits));
        byte[] output = new byte[1 << clusterBits];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(input);
            int n = 0;
            while (n < output.length && !inflater.finished()) {
                int got = inflater.inflate(output, n, output.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != output.length) {
                throw new InvalidImageException(image.name(), String.format(
                        "compressed cluster at 0x%x inflates to %d bytes, not %d", offset, n, output.length));
            }
            return output;
        } catch (DataFormatException e) {
            throw new InvalidImageException(image.name(), String.format(
                    "compressed cluster at 0x%x is not valid deflate data (%s)", offset, e.getMessage()));
        } finally {
            inflater.end();
        }
    }
}
