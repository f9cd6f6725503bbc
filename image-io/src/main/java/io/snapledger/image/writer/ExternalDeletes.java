package io.snapledger.image.writer;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.ProgressListener;
import io.snapledger.image.merge.Merges;
import io.snapledger.image.qcow2.Qcow2Image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes an external snapshot's frozen image while every file reading from it keeps its bytes.
 * Which way is decided from what is on disk each time, so a step cut short and run again carries
 * on from where the files stand: readers already streamed no longer read from the frozen image; a
 * commit already done left the frozen image without readers and the overlay gone.
 */
final class ExternalDeletes {
    private enum Way { COMMIT_ACTIVE, STREAM_READERS }

    private ExternalDeletes() {
    }

    /** Checks the deletion can be done, changing nothing. */
    static DeviceResult check(DeviceStep.DeleteExternal s) throws IOException {
        List<Path> readers = readersOf(s);
        if (!Files.exists(s.frozen())) {
            if (!readers.isEmpty()) {
                throw new ImageOperationException("device " + s.device() + ": frozen image " + s.frozen()
                        + " is missing but " + readers.get(0) + " reads from it; run 'snapledger reconcile' to see "
                        + "what changed");
            }
            return new DeviceResult(s.device(), s.image(), true);
        }
        Way way = wayFor(s, readers);
        List<Path> written = way == Way.COMMIT_ACTIVE ? List.of(s.frozen(), s.image()) : readers;
        for (Path file : written) {
            // opening for writing takes QEMU's write locks: a running VM's image is refused now, not half way
            Images.open(file, Images.probe(file), true).close();
        }
        return new DeviceResult(s.device(), s.image(), false);
    }

    /** Does the deletion; the result names the device's active image afterwards. */
    static DeviceResult merge(DeviceStep.DeleteExternal s) throws IOException {
        List<Path> readers = readersOf(s);
        if (!Files.exists(s.frozen())) {
            if (!readers.isEmpty()) {
                throw new ImageOperationException("device " + s.device() + ": frozen image " + s.frozen()
                        + " vanished while " + readers.get(0) + " still reads from it");
            }
            return new DeviceResult(s.device(), s.image(), true);
        }
        if (readers.isEmpty() && !Files.exists(s.image())) {
            // an earlier run committed the active overlay and removed it
            return new DeviceResult(s.device(), s.frozen(), true);
        }
        if (wayFor(s, readers) == Way.COMMIT_ACTIVE) {
            Merges.commit(s.image(), false, ProgressListener.NONE);
            deleteDurably(s.image());
            return new DeviceResult(s.device(), s.frozen(), false);
        }
        for (Path reader : readers) {
            Merges.stream(reader, ProgressListener.NONE);
        }
        deleteDurably(s.frozen());
        return new DeviceResult(s.device(), s.image(), false);
    }

    /**
     * Committing the active overlay down is libvirt's way and costs only the overlay's data; it
     * needs the overlay to be the only reader and to hold no internal snapshots (they read through
     * the frozen image). Otherwise every reader takes the frozen image's data, which must then hold
     * no internal snapshots of its own, since the file goes.
     */
    private static Way wayFor(DeviceStep.DeleteExternal s, List<Path> readers) throws IOException {
        if (readers.size() == 1 && readers.get(0).equals(normal(s.image())) && internalSnapshots(s.image()) == 0) {
            return Way.COMMIT_ACTIVE;
        }
        int inFrozen = internalSnapshots(s.frozen());
        if (inFrozen > 0) {
            throw new ImageOperationException("device " + s.device() + ": " + s.frozen() + " holds " + inFrozen
                    + " internal snapshot(s) and cannot be merged into its " + readers.size() + " readers; delete "
                    + "those snapshots first, or use --metadata to forget this one and keep the files");
        }
        for (Path reader : readers) {
            int inReader = internalSnapshots(reader);
            if (inReader > 0) {
                throw new ImageOperationException("device " + s.device() + ": " + reader + " reads from " + s.frozen()
                        + " and holds " + inReader + " internal snapshot(s) whose content would change; delete "
                        + "those snapshots first, or use --metadata to forget this one and keep the files");
            }
        }
        return Way.STREAM_READERS;
    }

    /** The known files of the device whose backing file is the frozen image. */
    private static List<Path> readersOf(DeviceStep.DeleteExternal s) throws IOException {
        Path frozen = normal(s.frozen());
        Set<Path> candidates = new LinkedHashSet<>();
        candidates.add(normal(s.image()));
        s.files().forEach(file -> candidates.add(normal(file)));
        List<Path> readers = new ArrayList<>();
        for (Path file : candidates) {
            if (!file.equals(frozen) && Files.isRegularFile(file) && Images.probe(file) == ImageFormat.QCOW2) {
                try (Qcow2Image image = Qcow2Image.open(file, false)) {
                    Path backing = image.backingPath();
                    if (backing != null && normal(backing).equals(frozen)) {
                        readers.add(file);
                    }
                }
            }
        }
        return readers;
    }

    private static int internalSnapshots(Path file) throws IOException {
        if (Images.probe(file) != ImageFormat.QCOW2) {
            return 0;
        }
        try (Qcow2Image image = Qcow2Image.open(file, false)) {
            return image.snapshots().size();
        }
    }

    private static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** Removes the file and makes the removal durable before anyone is told it happened. */
    private static void deleteDurably(Path file) throws IOException {
        Files.deleteIfExists(file);
        Path folder = normal(file).getParent();
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
