package io.snapledger.image;

import io.snapledger.image.qcow2.Entries;
import io.snapledger.image.qcow2.Qcow2Header;
import io.snapledger.image.qcow2.Qcow2Image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        try {
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
        } finally {
            for (Layer layer : chain) {
                layer.close();
            }
        }
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

    private interface Layer extends Closeable {
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

        @Override
        public void close() {
            // The caller owns the image.
        }
    }

    /**
     * Reads the active L1 and L2 tables of a qcow2 layer through its own read-only channel:
     * {@link Qcow2Image} tells whether a range is allocated, but not whether it is a zero cluster
     * or where its data lies, and both are part of what the map reports.
     */
    private static final class Qcow2Layer implements Layer {
        private final Qcow2Image image;
        private final Qcow2Header header;
        private final FileChannel file;
        private final long[] l1;
        private long cachedL2Offset = -1;
        private long[] cachedL2;

        Qcow2Layer(Qcow2Image image) throws IOException {
            this.image = image;
            this.header = image.header();
            this.file = FileChannel.open(image.path(), StandardOpenOption.READ);
            try {
                this.l1 = readTable(header.l1TableOffset(), header.l1Size());
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }

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
            int clusterBits = header.clusterBits();
            long clusterSize = header.clusterSize();
            long l1Span = 1L << (clusterBits + clusterBits - 3);
            long l1Index = offset / l1Span;
            long l2Offset = l1Index < l1.length ? Entries.offset(l1[(int) l1Index]) : 0;
            if (l2Offset == 0) {
                // A whole L2 table's worth of guest space is unallocated: skip it in one step.
                return new Run(Kind.UNALLOCATED, Math.min(end, (l1Index + 1) * l1Span) - offset, OptionalLong.empty());
            }
            long clusterStart = offset & -clusterSize;
            long length = Math.min(end, clusterStart + clusterSize) - offset;
            long entry = l2(l2Offset)[(int) ((offset >>> clusterBits) & (header.l2Entries() - 1))];
            if (Entries.compressed(entry)) {
                return new Run(Kind.DATA, length, OptionalLong.empty());
            }
            long host = Entries.offset(entry);
            if (host % clusterSize != 0) {
                throw new InvalidImageException(image.name(), String.format(
                        "L2 entry for guest offset 0x%x points at unaligned host offset 0x%x", offset, host));
            }
            OptionalLong hostOffset = host == 0 ? OptionalLong.empty() : OptionalLong.of(host + offset - clusterStart);
            if (Entries.zero(entry)) {
                return new Run(Kind.ZERO, length, hostOffset);
            }
            return new Run(host == 0 ? Kind.UNALLOCATED : Kind.DATA, length, hostOffset);
        }

        private long[] l2(long offset) throws IOException {
            if (offset != cachedL2Offset) {
                if (offset % header.clusterSize() != 0 || offset >= file.size()) {
                    throw new InvalidImageException(image.name(), String.format(
                            "L2 table offset 0x%x is unaligned or past the end of the file", offset));
                }
                cachedL2 = readTable(offset, header.l2Entries());
                cachedL2Offset = offset;
            }
            return cachedL2;
        }

        /** Reads big-endian 64-bit entries; bytes past the end of the file read as zeros, as in QEMU. */
        private long[] readTable(long offset, int entries) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(entries * 8);
            while (bytes.hasRemaining()) {
                if (file.read(bytes, offset + bytes.position()) < 0) {
                    break;
                }
            }
            long[] table = new long[entries];
            bytes.clear().asLongBuffer().get(table);
            return table;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
