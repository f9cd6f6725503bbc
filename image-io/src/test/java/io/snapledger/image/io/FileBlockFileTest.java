package io.snapledger.image.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class FileBlockFileTest {
    @TempDir
    Path dir;

    @Test
    void writesAroundBackgroundWritebacksAllLandAndCloseWaitsForThem() throws Exception {
        Path path = Files.createFile(dir.resolve("file"));
        byte[] expected = new byte[12 << 20];
        try (FileBlockFile file = FileBlockFile.open(path, true)) {
            for (int i = 0; i < 12; i++) {
                byte[] chunk = new byte[1 << 20];
                Arrays.fill(chunk, (byte) i);
                System.arraycopy(chunk, 0, expected, i << 20, chunk.length);
                file.write((long) i << 20, ByteBuffer.wrap(chunk));
                // Asked again while one runs, it does not start a second.
                file.startWriteback();
                if (i == 5) {
                    file.flush();
                }
            }
        }
        assertArrayEquals(expected, Files.readAllBytes(path));
    }
}
