package io.snapledger.image.qcow2;

import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates empty qcow2 images and overlays. The file is written under a temporary name in the
 * target folder, flushed, and renamed into place, so a crash never leaves a half-made image under
 * the real name.
 */
public final class Qcow2Creator {
    private Qcow2Creator() {
    }

    /**
     * @param size virtual size; -1 takes the backing file's
     * @param backingFile name as it will be stored (relative names resolve against the new file's folder)
     */
    public record Options(long size, int clusterBits, int version, int refcountOrder, String backingFile,
                          ImageFormat backingFormat, List<HeaderExtension> extraExtensions) {
        public Options {
            extraExtensions = extraExtensions == null ? List.of() : List.copyOf(extraExtensions);
            if (clusterBits < 9 || clusterBits > 21) {
                throw new ImageOperationException("cluster size must be a power of two from 512 B to 2 MiB");
            }
            if (version != 2 && version != 3) {
                throw new ImageOperationException("qcow2 version must be 2 or 3");
            }
            if (refcountOrder < 0 || refcountOrder > 6 || (version == 2 && refcountOrder != 4)) {
                throw new ImageOperationException("refcount bits must be 1..64 (16 for version 2)");
            }
        }

        public static Options of(long size) {
            return new Options(size, 16, 3, 4, null, null, List.of());
        }

        public static Options overlay(String backingFile, ImageFormat backingFormat) {
            return new Options(-1, 16, 3, 4, backingFile, backingFormat, List.of());
        }

        public Options withExtensions(List<HeaderExtension> extensions) {
            return new Options(size, clusterBits, version, refcountOrder, backingFile, backingFormat, extensions);
        }

        public Options withSize(long newSize) {
            return new Options(newSize, clusterBits, version, refcountOrder, backingFile, backingFormat, extraExtensions);
        }
    }

    public static void create(Path target, Options options) throws IOException {
        if (Files.exists(target)) {
            throw new ImageOperationException(target + " already exists; choose another file name");
        }
        long size = options.size() >= 0 ? options.size() : backingSize(target, options);
        byte[] region = headerRegion(size, options, new long[5]);
        long[] layout = layout(size, options, region.length);
        byte[] bytes = headerRegion(size, options, layout);
        Path folder = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".creating");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeLayout(ch, options, layout, bytes);
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static long backingSize(Path target, Options options) throws IOException {
        if (options.backingFile() == null) {
            throw new ImageOperationException("a new image needs a size or a backing file");
        }
        try (DiskImage base = Images.openBacking(target, options.backingFile(),
                options.backingFormat() == null ? null : options.backingFormat().qemuName())) {
            return base.virtualSize();
        }
    }

    /** {header clusters, refcount table offset, refcount table clusters, refcount blocks, L1 offset}. */
    private static long[] layout(long size, Options o, int regionBytes) {
        long cs = 1L << o.clusterBits();
        long headerClusters = (regionBytes + cs - 1) / cs;
        if (headerClusters > 1) {
            throw new ImageOperationException("header and backing file name do not fit in one cluster; use a larger cluster size");
        }
        long l1Entries = Qcow2Header.l1EntriesFor(size, o.clusterBits());
        long l1Clusters = Math.max(1, (l1Entries * 8 + cs - 1) / cs);
        long perBlock = (cs * 8) >> o.refcountOrder();
        long blocks = 1;
        long tableClusters = 1;
        while (true) {
            long total = 1 + tableClusters + blocks + l1Clusters;
            long needBlocks = (total + perBlock - 1) / perBlock;
            long needTable = (needBlocks * 8 + cs - 1) / cs;
            if (needBlocks == blocks && needTable == tableClusters) {
                break;
            }
            blocks = needBlocks;
            tableClusters = needTable;
        }
        return new long[] {cs, tableClusters, blocks, (1 + tableClusters + blocks) * cs, l1Entries};
    }

    private static byte[] headerRegion(long size, Options o, long[] layout) {
        List<HeaderExtension> extensions = new ArrayList<>();
        if (o.backingFormat() != null) {
            extensions.add(new HeaderExtension(HeaderExtension.BACKING_FORMAT,
                    o.backingFormat().qemuName().getBytes(StandardCharsets.UTF_8)));
        }
        extensions.addAll(o.extraExtensions());
        int headerLength = o.version() == 3 ? Qcow2Header.V3_LENGTH : Qcow2Header.V2_LENGTH;
        return new Qcow2Header(o.version(), 0, 0, o.clusterBits(), size, 0, (int) layout[4], layout[3],
                layout[0], (int) layout[1], 0, 0, 0, 0, 0, o.refcountOrder(), headerLength, 0, extensions,
                o.backingFile()).encodeRegion();
    }

    private static void writeLayout(FileChannel ch, Options o, long[] layout, byte[] region) throws IOException {
        long cs = layout[0];
        long tableClusters = layout[1];
        long blocks = layout[2];
        long l1Offset = layout[3];
        long l1Clusters = Math.max(1, (layout[4] * 8 + cs - 1) / cs);
        long used = 1 + tableClusters + blocks + l1Clusters;
        ch.write(ByteBuffer.wrap(region), 0);
        ByteBuffer table = ByteBuffer.allocate((int) (tableClusters * cs));
        for (long b = 0; b < blocks; b++) {
            table.putLong((1 + tableClusters + b) * cs);
        }
        ch.write(table.rewind(), cs);
        long perBlock = (cs * 8) >> o.refcountOrder();
        for (long b = 0; b < blocks; b++) {
            byte[] block = new byte[(int) cs];
            for (long c = b * perBlock; c < Math.min(used, (b + 1) * perBlock); c++) {
                RefcountCodec.set(block, (int) (c - b * perBlock), o.refcountOrder(), 1);
            }
            ch.write(ByteBuffer.wrap(block), (1 + tableClusters + b) * cs);
        }
        ch.write(ByteBuffer.allocate((int) (l1Clusters * cs)), l1Offset);
    }
}
