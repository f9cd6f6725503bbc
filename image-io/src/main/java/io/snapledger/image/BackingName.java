package io.snapledger.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads just the backing file name of a qcow2 image, to walk a chain without opening it. */
final class BackingName {
    private BackingName() {
    }

    static Path peek(Path qcow2) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(qcow2)) {
            head = in.readNBytes(2 << 20);
        }
        if (head.length < 72) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        long offset = b.getLong(8);
        int size = b.getInt(16);
        if (offset <= 0 || size <= 0 || offset > head.length - size) {
            return null;
        }
        String name = new String(head, (int) offset, size, StandardCharsets.UTF_8);
        return Images.resolveBacking(qcow2, name);
    }
}
