package io.snapledger.image.merge;

import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.ProgressListener;
import io.snapledger.image.WriteBatch;
import io.snapledger.image.qcow2.Qcow2Image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Moves data between the layers of a backing chain so that a layer can go while every surviving
 * layer reads the same bytes as before.
 *
 * <p>Order matters for crash safety: data is copied first (while the old pointers still hide it),
 * and the switch that makes it visible — emptying a top, changing a backing name — comes last, as
 * one atomic step.
 */
public final class Merges {
    /** Guest bytes moved per step: large enough to stream, small enough to bound memory. */
    static final int STEP = 16 << 20;

    private Merges() {
    }

    /**
     * qemu-img commit: writes every cluster {@code top} holds into its backing file. With
     * {@code emptyTop} the top is emptied afterwards (qemu-img's default); otherwise left as it is.
     */
    public static void commit(Path top, boolean emptyTop, ProgressListener progress) throws IOException {
        try (Qcow2Image overlay = openQcow2(top, emptyTop)) {
            refuseInternalSnapshots(overlay, "commit");
            Path basePath = overlay.backingPath();
            if (basePath == null) {
                throw new ImageOperationException(top + " has no backing file to commit into");
            }
            ImageFormat baseFormat = overlay.header().backingFormat() == null ? Images.probe(basePath)
                    : ImageFormat.fromQemuName(overlay.header().backingFormat());
            // The base may hold internal snapshots: each has its own L1 table, and clusters it
            // shares are copied on write, so committing changes only the base's active state.
            try (DiskImage base = Images.open(basePath, baseFormat, true)) {
                if (base.virtualSize() < overlay.virtualSize()) {
                    throw new ImageOperationException(basePath + " (" + base.virtualSize() + " bytes) is smaller than "
                            + top + " (" + overlay.virtualSize() + " bytes); grow it with 'qemu-img resize' first");
                }
                copyAllocated(overlay, base, progress);
                flush(base);
            }
            if (emptyTop) {
                overlay.discardAll();
            }
        }
    }

    /**
     * qemu-img rebase: makes {@code image} read from {@code newBacking} (null: no backing file)
     * while every guest byte stays the same, copying the clusters where old and new chains
     * differ. With {@code unsafe} only the header changes, as 'rebase -u'.
     */
    public static void rebase(Path image, String newBacking, ImageFormat newBackingFormat, boolean unsafe,
                              ProgressListener progress) throws IOException {
        if (newBacking != null && newBacking.isEmpty()) {
            newBacking = null;
        }
        if (newBacking != null && newBackingFormat == null) {
            throw new ImageOperationException("a new backing file needs its format (-F qcow2 or -F raw)");
        }
        try (Qcow2Image target = openQcow2(image, true)) {
            if (!unsafe) {
                refuseInternalSnapshots(target, "safely rebase");
                DiskImage next = newBacking == null ? null
                        : Images.openBacking(image, newBacking, newBackingFormat.qemuName());
                try {
                    copyDifferences(target, next, progress);
                } finally {
                    if (next != null) {
                        next.close();
                    }
                }
                target.flush();
            }
            target.setBacking(newBacking, newBacking == null ? null : newBackingFormat);
        }
    }

    /**
     * Pulls the data of {@code child}'s backing file into {@code child} and points it at the
     * backing file's own backing (or none), so the middle layer can be removed.
     */
    public static void stream(Path child, ProgressListener progress) throws IOException {
        String grandparentName;
        ImageFormat grandparentFormat;
        try (Qcow2Image overlay = openQcow2(child, false)) {
            Path parentPath = overlay.backingPath();
            if (parentPath == null) {
                throw new ImageOperationException(child + " has no backing file to pull data from");
            }
            if (Images.probe(parentPath) != ImageFormat.QCOW2) {
                grandparentName = null;
                grandparentFormat = null;
            } else {
                try (Qcow2Image parent = Qcow2Image.open(parentPath, false)) {
                    Path gp = parent.backingPath();
                    grandparentName = gp == null ? null : nameFrom(child, gp);
                    grandparentFormat = gp == null ? null : parent.header().backingFormat() == null
                            ? Images.probe(gp) : ImageFormat.fromQemuName(parent.header().backingFormat());
                }
            }
        }
        rebase(child, grandparentName, grandparentFormat, false, progress);
    }

    /** A backing name for {@code target} as seen from {@code overlay}: relative when in the same folder. */
    public static String nameFrom(Path overlay, Path target) {
        Path folder = overlay.toAbsolutePath().normalize().getParent();
        Path abs = target.toAbsolutePath().normalize();
        return folder != null && folder.equals(abs.getParent()) ? abs.getFileName().toString() : abs.toString();
    }

    private static Qcow2Image openQcow2(Path path, boolean writable) throws IOException {
        if (Images.probe(path) != ImageFormat.QCOW2) {
            throw new ImageOperationException(path + " is not a qcow2 image; only qcow2 overlays can be merged");
        }
        return Qcow2Image.open(path, writable);
    }

    /** Internal snapshots read through the backing file too: changing it would change them. */
    private static void refuseInternalSnapshots(Qcow2Image image, String what) {
        if (!image.snapshots().isEmpty()) {
            throw new ImageOperationException("cannot " + what + " " + image.path() + ": it holds "
                    + image.snapshots().size() + " internal snapshot(s) whose content would change; "
                    + "delete them first (or use 'rebase -u' if the new backing file reads the same)");
        }
    }

    /** Copies every cluster {@code from} holds, in runs, as one batch: one metadata switch at the end. */
    private static void copyAllocated(Qcow2Image from, DiskImage to, ProgressListener progress) throws IOException {
        long size = from.virtualSize();
        int cs = from.clusterSize();
        byte[] buffer = new byte[STEP];
        try (WriteBatch batch = to.beginWrites()) {
            long at = 0;
            while (at < size) {
                while (at < size && !from.clusterAllocated(at)) {
                    at += cs;
                }
                long runStart = at;
                while (at < size && at - runStart < STEP && from.clusterAllocated(at)) {
                    at += cs;
                }
                int length = (int) (Math.min(at, size) - runStart);
                if (length > 0) {
                    from.read(runStart, buffer, 0, length);
                    batch.write(runStart, buffer, 0, length);
                }
                progress.progress(Math.min(at, size), size);
            }
            batch.commit();
        }
    }

    /**
     * Writes into {@code target} every cluster it does not hold where its old backing chain reads
     * differently from {@code next} (null: zeros). Only clusters that some layer outside the part
     * both chains share can define may differ — as in qemu-img, for the usual case of a new backing
     * file from the old chain that is only the layers in between — so only those are read and
     * compared, in runs.
     */
    private static void copyDifferences(Qcow2Image target, DiskImage next, ProgressListener progress)
            throws IOException {
        long size = target.virtualSize();
        int cs = target.clusterSize();
        DiskImage old = target.backing();
        List<DiskImage> differing = layersNotShared(chain(old), chain(next));
        byte[] oldBytes = new byte[STEP];
        byte[] newBytes = new byte[STEP];
        try (WriteBatch batch = target.beginWrites()) {
            long at = 0;
            while (at < size) {
                while (at < size && !mayDiffer(target, differing, at)) {
                    at += cs;
                }
                long runStart = at;
                while (at < size && at - runStart < STEP && mayDiffer(target, differing, at)) {
                    at += cs;
                }
                int length = (int) (Math.min(at, size) - runStart);
                if (length > 0) {
                    readOrZero(old, runStart, oldBytes, length);
                    readOrZero(next, runStart, newBytes, length);
                    writeDiffering(batch, runStart, oldBytes, newBytes, length, cs);
                }
                progress.progress(Math.min(at, size), size);
            }
            batch.commit();
        }
    }

    /** {@code top} and the images below it, top first. */
    private static List<DiskImage> chain(DiskImage top) throws IOException {
        List<DiskImage> layers = new ArrayList<>();
        for (DiskImage layer = top; layer != null; layer = layer instanceof Qcow2Image q ? q.backing() : null) {
            layers.add(layer);
        }
        return layers;
    }

    /**
     * The layers of both chains above the first file they share. From that file down both read
     * the same bytes, so only these layers can make the chains differ.
     */
    private static List<DiskImage> layersNotShared(List<DiskImage> oldChain, List<DiskImage> newChain)
            throws IOException {
        for (int i = 0; i < oldChain.size(); i++) {
            for (int j = 0; j < newChain.size(); j++) {
                if (Files.isSameFile(oldChain.get(i).path(), newChain.get(j).path())) {
                    List<DiskImage> above = new ArrayList<>(oldChain.subList(0, i));
                    above.addAll(newChain.subList(0, j));
                    return above;
                }
            }
        }
        List<DiskImage> all = new ArrayList<>(oldChain);
        all.addAll(newChain);
        return all;
    }

    /** Whether the target cluster at {@code at} reads through and one of {@code layers} decides what it reads. */
    private static boolean mayDiffer(Qcow2Image target, List<DiskImage> layers, long at) throws IOException {
        if (target.clusterAllocated(at)) {
            return false;
        }
        long n = Math.min(target.clusterSize(), target.virtualSize() - at);
        for (DiskImage layer : layers) {
            // Past its end a layer reads zeros and hides everything below it.
            if (at + n > layer.virtualSize() || layer.allocatedHere(at, n)) {
                return true;
            }
        }
        return false;
    }

    /** Writes the clusters of a run where the old bytes differ from the new, one write per stretch. */
    private static void writeDiffering(WriteBatch batch, long start, byte[] oldBytes, byte[] newBytes, int length,
                                       int cs) throws IOException {
        int stretch = -1;
        for (int at = 0; at < length; at += cs) {
            int end = Math.min(at + cs, length);
            boolean differs = !Arrays.equals(oldBytes, at, end, newBytes, at, end);
            if (differs && stretch < 0) {
                stretch = at;
            } else if (!differs && stretch >= 0) {
                batch.write(start + stretch, oldBytes, stretch, at - stretch);
                stretch = -1;
            }
        }
        if (stretch >= 0) {
            batch.write(start + stretch, oldBytes, stretch, length - stretch);
        }
    }

    /** Reads what {@code image} (null: nothing) holds at {@code offset}; zeros past its end. */
    private static void readOrZero(DiskImage image, long offset, byte[] dst, int n) throws IOException {
        int available = image == null ? 0 : (int) Math.max(0, Math.min(n, image.virtualSize() - offset));
        if (available > 0) {
            image.read(offset, dst, 0, available);
        }
        Arrays.fill(dst, available, n, (byte) 0);
    }

    private static void flush(DiskImage image) throws IOException {
        if (image instanceof Qcow2Image q) {
            q.flush();
        } else if (image instanceof io.snapledger.image.RawImage r) {
            r.flush();
        }
    }
}
