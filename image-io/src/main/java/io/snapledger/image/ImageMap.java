package io.snapledger.image;

import io.snapledger.image.qcow2.Entries;
import io.snapledger.image.qcow2.Qcow2Image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where every guest byte of an image comes from, with the meaning {@code qemu-img map} gives it:
 * the layer of the backing chain that answers a read ({@code depth}, 0 = the image itself), whether
 * that layer holds the range ({@code present}), whether it reads as zeros, whether it is data, and
 * where the bytes lie in that layer's file ({@code hostOffset}; none for compressed clusters and
 * for ranges no layer holds). Ranges nobody holds report the depth of the layer that ends the
 * search: the bottom of the chain, or the layer whose backing file is shorter than the range.
 *
 * <p>Raw layers are reported as data everywhere: QEMU asks the host file system for holes there,
 * which Java cannot, so a sparse raw file shows as data where qemu-img says zero.
 */
public final class ImageMap {
    private ImageMap() {
    }

    /** One run of guest bytes that behave alike; consecutive extents always differ in something. */
    public record Extent(long start, long length, int depth, boolean present, boolean zero, boolean data,
                         OptionalLong hostOffset, Path file) {
        public long end() {
            return start + length;
        }

        /** Whether {@code next} continues this run, as qemu-img map decides before printing it. */
        boolean absorbs(Extent next) {
            if (depth != next.depth || present != next.present || zero != next.zero || data != next.data
                    || hostOffset.isPresent() != next.hostOffset.isPresent()) {
                return false;
            }
            return hostOffset.isEmpty() || hostOffset.getAsLong() + length == next.hostOffset.getAsLong();
        }

        Extent extendedBy(long more) {
            return new Extent(start, length + more, depth, present, zero, data, hostOffset, file);
        }
    }

    /** Maps the whole virtual size of {@code image}, walking its backing chain; the image stays open. */
    public static List<Extent> of(DiskImage image) throws IOException {
        List<Layer> chain = new ArrayList<>();
        for (DiskImage layer = image; layer != null; layer = backingOf(layer)) {
            chain.add(layer instanceof Qcow2Image q ? new Qcow2Layer(q) : new RawLayer(layer));
        }
        List<Extent> extents = new ArrayList<>();
        long offset = 0;
        while (offset < image.virtualSize()) {
            Extent next = extentAt(chain, offset, image.virtualSize() - offset);
            int last = extents.size() - 1;
            if (last >= 0 && extents.get(last).absorbs(next)) {
                extents.set(last, extents.get(last).extendedBy(next.length()));
            } else {
                extents.add(next);
            }
            offset = next.end();
        }
        return List.copyOf(extents);
    }

    private static DiskImage backingOf(DiskImage image) throws IOException {
        return image instanceof Qcow2Image q ? q.backing() : null;
    }

    /** Descends the chain at {@code offset} until a layer holds the bytes or nothing below can. */
    private static Extent extentAt(List<Layer> chain, long offset, long limit) throws IOException {
        long length = limit;
        for (int depth = 0; ; depth++) {
            Layer layer = chain.get(depth);
            Run run = layer.runAt(offset, length);
            length = run.length();
            if (run.kind() != Kind.UNALLOCATED) {
                boolean zero = run.kind() == Kind.ZERO;
                return new Extent(offset, length, depth, true, zero, !zero, run.hostOffset(), layer.path());
            }
            boolean bottom = depth + 1 == chain.size();
            if (bottom || offset >= chain.get(depth + 1).virtualSize()) {
                // No backing, or a backing shorter than this range: the guest reads zeros from here.
                return new Extent(offset, length, depth, false, true, false, OptionalLong.empty(), layer.path());
            }
        }
    }

    private enum Kind { UNALLOCATED, ZERO, DATA }

    /** What one layer alone says about the bytes from an offset on, for {@code length} bytes. */
    private record Run(Kind kind, long length, OptionalLong hostOffset) {
    }

    private interface Layer {
        Path path();

        long virtualSize();

        /** The run at {@code offset}, at most {@code max} bytes and never past this layer's end. */
        Run runAt(long offset, long max) throws IOException;
    }

    private record RawLayer(DiskImage image) implements Layer {
        @Override
        public Path path() {
            return image.path();
        }

        @Override
        public long virtualSize() {
            return image.virtualSize();
        }

        @Override
        public Run runAt(long offset, long max) {
            return new Run(Kind.DATA, Math.min(max, image.virtualSize() - offset), OptionalLong.of(offset));
        }
    }

    /** A qcow2 layer, read through the engine's own validated table access. */
    private record Qcow2Layer(Qcow2Image image) implements Layer {
        @Override
        public Path path() {
            return image.path();
        }

        @Override
        public long virtualSize() {
            return image.virtualSize();
        }

        @Override
        public Run runAt(long offset, long max) throws IOException {
            long end = Math.min(offset + max, image.virtualSize());
            int clusterBits = image.header().clusterBits();
            long clusterSize = image.clusterSize();
            if (!image.activeL2TableMapped(offset)) {
                // A whole L2 table's worth of guest space is unallocated: skip it in one step.
                long l1Span = 1L << (clusterBits + clusterBits - 3);
                return new Run(Kind.UNALLOCATED, Math.min(end, (offset / l1Span + 1) * l1Span) - offset,
                        OptionalLong.empty());
            }
            long clusterStart = offset & -clusterSize;
            long length = Math.min(end, clusterStart + clusterSize) - offset;
            long entry = image.activeL2Entry(offset);
            if (Entries.compressed(entry)) {
                return new Run(Kind.DATA, length, OptionalLong.empty());
            }
            long host = Entries.offset(entry);
            OptionalLong hostOffset = host == 0 ? OptionalLong.empty() : OptionalLong.of(host + offset - clusterStart);
            if (Entries.zero(entry)) {
                return new Run(Kind.ZERO, length, hostOffset);
            }
            return new Run(host == 0 ? Kind.UNALLOCATED : Kind.DATA, length, hostOffset);
        }
    }
}
