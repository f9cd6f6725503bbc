package io.snapledger.image;

import io.snapledger.image.io.FileBlockFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** A raw disk: guest byte N is file byte N; a short file reads as zeros past its end. */
public final class RawImage implements DiskImage {
    private final FileBlockFile file;
    private final long virtualSize;

    private RawImage(FileBlockFile file, long virtualSize) {
        this.file = file;
        this.virtualSize = virtualSize;
    }

    public static RawImage open(Path path, boolean writable) throws IOException {
        FileBlockFile file = FileBlockFile.open(path, writable);
        return new RawImage(file, file.size());
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.RAW;
    }

    @Override
    public long virtualSize() {
        return virtualSize;
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        DiskImage.checkRange(this, offset, length);
        file.read(offset, ByteBuffer.wrap(dst, dstOffset, length));
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) throws IOException {
        DiskImage.checkRange(this, offset, length);
        file.write(offset, ByteBuffer.wrap(src, srcOffset, length));
    }

    @Override
    public boolean allocatedHere(long offset, long length) {
        return true;
    }

    public void flush() throws IOException {
        file.flush();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
