package io.snapledger.qmp;

import io.snapledger.image.testing.Qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The image files a test left in its folder, checked once QEMU has quit. */
record LiveVmFiles(Path dir) {
    List<Path> images() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".qcow2")).sorted().toList();
        }
    }

    /** qemu-img check finds every qcow2 file clean (no corruption, no leak). */
    void assertAllClean() throws IOException {
        List<Path> images = images();
        assertFalse(images.isEmpty());
        images.forEach(Qemu::assertClean);
    }
}
