package io.snapledger.core.imports;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.writer.OverlayMarker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every image file that belongs to one device's history: its backing chain from the active image
 * down, and the other branches of that tree, which a revert to an external snapshot leaves beside
 * it: overlays carrying snapledger's mark, in the folders of the chain's files, whose own chain
 * ends in the same bottom image.
 */
final class ImageFamily {
    private ImageFamily() {
    }

    /** The files, the active chain first (top down), then the other branches. */
    static List<Path> of(Path active) throws IOException {
        List<Path> chain = chain(active);
        Path bottom = chain.get(chain.size() - 1);
        Set<Path> family = new LinkedHashSet<>(chain);
        Set<Path> folders = new LinkedHashSet<>();
        chain.forEach(p -> folders.add(p.getParent()));
        for (Path folder : folders) {
            for (Path candidate : markedOverlaysIn(folder)) {
                if (!family.contains(candidate)) {
                    List<Path> branch = chain(candidate);
                    if (branch.get(branch.size() - 1).equals(bottom)) {
                        family.addAll(branch);
                    }
                }
            }
        }
        return List.copyOf(family);
    }

    /** {@code top} and the files below it, as far as they exist. */
    static List<Path> chain(Path top) throws IOException {
        List<Path> chain = new ArrayList<>();
        Path layer = top.toAbsolutePath().normalize();
        while (layer != null && Files.isRegularFile(layer) && chain.size() <= Images.MAX_CHAIN && !chain.contains(layer)) {
            chain.add(layer);
            layer = backingOf(layer);
        }
        return chain;
    }

    static Path backingOf(Path layer) throws IOException {
        if (Images.probe(layer) != ImageFormat.QCOW2) {
            return null;
        }
        try (Qcow2Image image = Qcow2Image.open(layer, false)) {
            Path backing = image.backingPath();
            return backing == null ? null : backing.toAbsolutePath().normalize();
        }
    }

    private static List<Path> markedOverlaysIn(Path folder) throws IOException {
        List<Path> marked = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (OverlayMarker.read(file) != null) {
                    marked.add(file.toAbsolutePath().normalize());
                }
            }
        }
        return marked;
    }
}
