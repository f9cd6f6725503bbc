package io.snapledger.qmp;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.merge.Merges;
import io.snapledger.image.qcow2.Qcow2Creator;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.writer.OverlayMarker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Overlays made the way snapledger makes them: by image-io, with its mark, before QEMU sees them. */
final class Overlays {
    private Overlays() {
    }

    static OverlayMarker mark(String name) {
        return new OverlayMarker(UUID.randomUUID(), UUID.randomUUID(),
                new OverlayMarker.Taken(null, "1", name, Instant.parse("2025-01-02T03:04:05.123456789Z")));
    }

    /** Creates {@code file} over {@code base} with image-io, backing name as snapledger writes it. */
    static Path create(Path base, Path file, OverlayMarker mark) throws IOException {
        Qcow2Creator.create(file, Qcow2Creator.Options.overlay(Merges.nameFrom(file, base), ImageFormat.QCOW2)
                .withExtensions(List.of(mark.toExtension())));
        return file;
    }

    /** Creates the overlay and opens it in QEMU as layer {@code layer} of {@code device}; returns its node. */
    static String createAndAdd(LiveVm vm, String device, Path base, String layer, OverlayMarker mark) throws IOException {
        Path file = create(base, vm.dir.resolve(device + "." + layer + ".qcow2"), mark);
        String node = NodeNames.format(device, layer);
        vm.block.addOverlayNode(node, NodeNames.file(device, layer), file);
        return node;
    }

    static String backingName(Path image) throws IOException {
        try (Qcow2Image qcow2 = Qcow2Image.open(image, false)) {
            return qcow2.header().backingFile();
        }
    }
}
