package io.snapledger.image.qcow2;

import io.snapledger.image.InvalidImageException;
import io.snapledger.image.UnsupportedImageException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The qcow2 header (all fields big-endian), its extensions and the backing file name.
 *
 * <pre>
 *  0 magic "QFI\xfb"          36 l1_size u32              72 incompatible_features u64 (v3)
 *  4 version u32 (2|3)        40 l1_table_offset u64      80 compatible_features u64
 *  8 backing_file_offset u64  48 refcount_table_offset    88 autoclear_features u64
 * 16 backing_file_size u32    56 refcount_table_clusters  96 refcount_order u32
 * 20 cluster_bits u32         60 nb_snapshots u32        100 header_length u32
 * 24 size u64                 64 snapshots_offset u64    104 compression_type u8
 * 32 crypt_method u32
 * </pre>
 * Extensions follow at header_length (72 for v2) until one of type 0. Everything from offset 0
 * to the end of the backing file name must fit in the first cluster.
 */
public record Qcow2Header(
        int version,
        long backingFileOffset,
        int backingFileSize,
        int clusterBits,
        long size,
        int cryptMethod,
        int l1Size,
        long l1TableOffset,
        long refcountTableOffset,
        int refcountTableClusters,
        int nbSnapshots,
        long snapshotsOffset,
        long incompatibleFeatures,
        long compatibleFeatures,
        long autoclearFeatures,
        int refcountOrder,
        int headerLength,
        int compressionType,
        List<HeaderExtension> extensions,
        String backingFile) {

    public static final int MAGIC = 0x514649fb;
    public static final int V2_LENGTH = 72;
    public static final int V3_LENGTH = 112;

    public static final long INCOMPAT_DIRTY = 1L;
    public static final long INCOMPAT_CORRUPT = 1L << 1;
    public static final long INCOMPAT_DATA_FILE = 1L << 2;
    public static final long INCOMPAT_COMPRESSION = 1L << 3;
    public static final long INCOMPAT_EXTL2 = 1L << 4;
    public static final long INCOMPAT_KNOWN = 0x1fL;
    public static final long COMPAT_LAZY_REFCOUNTS = 1L;
    public static final long AUTOCLEAR_BITMAPS = 1L;
    public static final long AUTOCLEAR_DATA_FILE_RAW = 1L << 1;
    public static final long AUTOCLEAR_KNOWN = 0x3L;

    /** QEMU's own limits; larger values are refused the way QEMU refuses them. */
    public static final long MAX_L1_BYTES = 32L << 20;
    public static final long MAX_REFTABLE_BYTES = 8L << 20;
    public static final int MAX_SNAPSHOTS = 65536;
    public static final int MAX_BACKING_NAME = 1023;

    public Qcow2Header {
        extensions = List.copyOf(extensions);
    }

    public int clusterSize() {
        return 1 << clusterBits;
    }

    public int refcountBits() {
        return 1 << refcountOrder;
    }

    /** Entries in one L2 table: 8 bytes each. */
    public int l2Entries() {
        return clusterSize() / 8;
    }

    /** L1 entries needed to map {@code virtualSize} bytes. */
    public static long l1EntriesFor(long virtualSize, int clusterBits) {
        int shift = clusterBits + clusterBits - 3;
        return (virtualSize >>> shift) + ((virtualSize & ((1L << shift) - 1)) != 0 ? 1 : 0);
    }

    public String backingFormat() {
        for (HeaderExtension e : extensions) {
            if (e.type() == HeaderExtension.BACKING_FORMAT) {
                return new String(e.data(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public boolean hasExtension(int type) {
        return extensions.stream().anyMatch(e -> e.type() == type);
    }

    // ----------------------------------------------------------------- parsing

    /** Parses and validates the first cluster of a file of {@code fileLength} bytes. */
    public static Qcow2Header parse(String file, byte[] firstBytes, long fileLength) {
        ByteBuffer b = ByteBuffer.wrap(firstBytes);
        if (firstBytes.length < V2_LENGTH || fileLength < V2_LENGTH) {
            throw new InvalidImageException(file, "file is shorter than a qcow2 header (" + fileLength + " bytes)");
        }
        if (b.getInt(0) != MAGIC) {
            throw new InvalidImageException(file, String.format("bad magic 0x%08x, not a qcow2 image", b.getInt(0)));
        }
        int version = b.getInt(4);
        if (version != 2 && version != 3) {
            throw new UnsupportedImageException(file, "qcow2 version " + version,
                    "only versions 2 and 3 exist; convert it with 'qemu-img convert -O qcow2'");
        }
        int clusterBits = b.getInt(20);
        if (clusterBits < 9 || clusterBits > 21) {
            throw new InvalidImageException(file, "cluster_bits " + clusterBits + " is outside 9..21");
        }
        long backingOffset = b.getLong(8);
        int backingSize = b.getInt(16);
        long size = b.getLong(24);
        int crypt = b.getInt(32);
        int l1Size = b.getInt(36);
        long l1Offset = b.getLong(40);
        long rtOffset = b.getLong(48);
        int rtClusters = b.getInt(56);
        int nbSnapshots = b.getInt(60);
        long snapshotsOffset = b.getLong(64);

        long incompatible = 0;
        long compatible = 0;
        long autoclear = 0;
        int refcountOrder = 4;
        int headerLength = V2_LENGTH;
        int compression = 0;
        if (version == 3) {
            incompatible = b.getLong(72);
            compatible = b.getLong(80);
            autoclear = b.getLong(88);
            refcountOrder = b.getInt(96);
            headerLength = b.getInt(100);
            if (headerLength < 104 || headerLength % 8 != 0) {
                throw new InvalidImageException(file, "header_length " + headerLength
                        + " must be at least 104 and a multiple of 8");
            }
            if (headerLength > firstBytes.length) {
                throw new InvalidImageException(file, "header_length " + headerLength + " exceeds the first cluster");
            }
            if (headerLength > 104) {
                compression = b.get(104) & 0xff;
            }
        }
        int clusterSize = 1 << clusterBits;
        if (refcountOrder < 0 || refcountOrder > 6) {
            throw new InvalidImageException(file, "refcount_order " + refcountOrder + " is outside 0..6");
        }
        if (crypt != 0) {
            throw new UnsupportedImageException(file, "encryption (crypt_method " + crypt + ")",
                    "decrypt it first with 'qemu-img convert'");
        }
        long unknownIncompat = incompatible & ~INCOMPAT_KNOWN;
        if (unknownIncompat != 0) {
            throw new UnsupportedImageException(file, String.format("incompatible feature bits 0x%x", unknownIncompat),
                    "the image was written by a newer QEMU; convert it with that QEMU's 'qemu-img convert'");
        }
        if ((incompatible & INCOMPAT_DATA_FILE) != 0) {
            throw new UnsupportedImageException(file, "an external data file",
                    "internal snapshots cannot live in such images; convert it with 'qemu-img convert -O qcow2'");
        }
        if ((incompatible & INCOMPAT_EXTL2) != 0) {
            throw new UnsupportedImageException(file, "extended L2 entries (subclusters)",
                    "convert it with 'qemu-img convert -O qcow2 -o extended_l2=off'");
        }
        if ((incompatible & INCOMPAT_COMPRESSION) != 0 && compression != 1) {
            throw new UnsupportedImageException(file, "compression type " + compression,
                    "convert it with 'qemu-img convert -O qcow2'");
        }
        if ((incompatible & INCOMPAT_COMPRESSION) == 0 && compression != 0) {
            throw new InvalidImageException(file, "compression type " + compression
                    + " is set without the compression-type feature bit");
        }
        if (size < 0) {
            throw new InvalidImageException(file, "virtual size " + Long.toUnsignedString(size) + " is too large");
        }
        checkTable(file, "L1 table", l1Offset, (long) Integer.toUnsignedLong(l1Size) * 8, MAX_L1_BYTES, clusterSize, fileLength);
        long needed = l1EntriesFor(size, clusterBits);
        if (Integer.toUnsignedLong(l1Size) < needed) {
            throw new InvalidImageException(file, "L1 table has " + Integer.toUnsignedLong(l1Size)
                    + " entries but the virtual size needs " + needed);
        }
        checkTable(file, "refcount table", rtOffset, Integer.toUnsignedLong(rtClusters) * clusterSize,
                MAX_REFTABLE_BYTES, clusterSize, fileLength);
        if (rtClusters == 0) {
            throw new InvalidImageException(file, "refcount table has no clusters");
        }
        if (Integer.toUnsignedLong(nbSnapshots) > MAX_SNAPSHOTS) {
            throw new InvalidImageException(file, "nb_snapshots " + Integer.toUnsignedLong(nbSnapshots)
                    + " exceeds " + MAX_SNAPSHOTS);
        }
        if (nbSnapshots != 0) {
            checkTable(file, "snapshot table", snapshotsOffset, 1, Long.MAX_VALUE, clusterSize, fileLength);
        }
        List<HeaderExtension> extensions = parseExtensions(file, b, headerLength, firstBytes.length);
        String backingFile = null;
        if (backingOffset != 0) {
            if (backingSize <= 0 || backingSize > MAX_BACKING_NAME) {
                throw new InvalidImageException(file, "backing file name length " + backingSize + " is outside 1.."
                        + MAX_BACKING_NAME);
            }
            if (backingOffset < headerLength || backingOffset > Math.min(clusterSize, firstBytes.length) - backingSize) {
                throw new InvalidImageException(file, String.format(
                        "backing file name at 0x%x (+%d) is outside the first cluster", backingOffset, backingSize));
            }
            backingFile = new String(firstBytes, (int) backingOffset, backingSize, StandardCharsets.UTF_8);
        }
        return new Qcow2Header(version, backingOffset, backingSize, clusterBits, size, crypt, l1Size, l1Offset, rtOffset, rtClusters,
                nbSnapshots, snapshotsOffset, incompatible, compatible, autoclear, refcountOrder, headerLength,
                compression, extensions, backingFile);
    }

    private static void checkTable(String file, String what, long offset, long bytes, long max, int clusterSize,
                                   long fileLength) {
        if (bytes > max) {
            throw new InvalidImageException(file, what + " of " + bytes + " bytes exceeds the limit of " + max);
        }
        if (bytes == 0) {
            return;
        }
        if (offset <= 0 || offset % clusterSize != 0) {
            throw new InvalidImageException(file, String.format("%s offset 0x%x is not cluster aligned", what, offset));
        }
        if (offset >= fileLength || offset + bytes < offset) {
            throw new InvalidImageException(file, String.format(
                    "%s at 0x%x lies past the end of the file (%d bytes)", what, offset, fileLength));
        }
    }

    private static List<HeaderExtension> parseExtensions(String file, ByteBuffer b, int start, int limit) {
        List<HeaderExtension> extensions = new ArrayList<>();
        int at = start;
        while (true) {
            if (at + 8 > limit) {
                throw new InvalidImageException(file, "header extensions run past the first cluster");
            }
            int type = b.getInt(at);
            long length = Integer.toUnsignedLong(b.getInt(at + 4));
            if (type == HeaderExtension.END) {
                return extensions;
            }
            if (at + 8 + length > limit) {
                throw new InvalidImageException(file, String.format(
                        "header extension 0x%08x of %d bytes runs past the first cluster", type, length));
            }
            byte[] data = new byte[(int) length];
            b.get(at + 8, data);
            extensions.add(new HeaderExtension(type, data));
            at += 8 + (int) ((length + 7) & ~7L);
        }
    }

    // ----------------------------------------------------------------- encoding

    /**
     * The fixed part of the header: {@code header_length} bytes. It lies within the first 512-byte
     * sector, so rewriting it is the single atomic step that switches an image to new metadata.
     */
    public byte[] encodeFixed() {
        ByteBuffer b = ByteBuffer.allocate(headerLength);
        b.putInt(0, MAGIC).putInt(4, version).putLong(8, backingFileOffset).putInt(16, backingFileSize)
                .putInt(20, clusterBits).putLong(24, size).putInt(32, cryptMethod).putInt(36, l1Size)
                .putLong(40, l1TableOffset).putLong(48, refcountTableOffset).putInt(56, refcountTableClusters)
                .putInt(60, nbSnapshots).putLong(64, snapshotsOffset);
        if (version == 3) {
            b.putLong(72, incompatibleFeatures).putLong(80, compatibleFeatures).putLong(88, autoclearFeatures)
                    .putInt(96, refcountOrder).putInt(100, headerLength);
            if (headerLength > 104) {
                b.put(104, (byte) compressionType);
            }
        }
        return b.array();
    }

    /** Header, extensions, end marker and backing file name, as laid out in the first cluster. */
    public byte[] encodeRegion() {
        int extBytes = 8;
        for (HeaderExtension e : extensions) {
            extBytes += e.encodedLength();
        }
        byte[] name = backingFile == null ? new byte[0] : backingFile.getBytes(StandardCharsets.UTF_8);
        int nameOffset = headerLength + extBytes;
        ByteBuffer b = ByteBuffer.allocate(nameOffset + name.length);
        Qcow2Header placed = new Qcow2Header(version, name.length == 0 ? 0 : nameOffset, name.length, clusterBits,
                size, cryptMethod, l1Size, l1TableOffset, refcountTableOffset, refcountTableClusters, nbSnapshots,
                snapshotsOffset, incompatibleFeatures, compatibleFeatures, autoclearFeatures, refcountOrder,
                headerLength, compressionType, extensions, backingFile);
        b.put(placed.encodeFixed());
        for (HeaderExtension e : extensions) {
            byte[] data = e.data();
            b.putInt(e.type()).putInt(data.length).put(data);
            b.position(b.position() + ((8 - data.length % 8) % 8));
        }
        b.putInt(HeaderExtension.END).putInt(0);
        b.put(name);
        if (b.capacity() > clusterSize()) {
            throw new IllegalStateException("header, extensions and backing name exceed one cluster");
        }
        return b.array();
    }

    // ----------------------------------------------------------------- copies with changes

    Qcow2Header withTables(long newSize, int newL1Size, long newL1Offset, long newRtOffset, int newRtClusters,
                           int newNbSnapshots, long newSnapshotsOffset, long newAutoclear) {
        return new Qcow2Header(version, backingFileOffset, backingFileSize, clusterBits, newSize, cryptMethod, newL1Size, newL1Offset, newRtOffset,
                newRtClusters, newNbSnapshots, newSnapshotsOffset, incompatibleFeatures, compatibleFeatures,
                newAutoclear, refcountOrder, headerLength, compressionType, extensions, backingFile);
    }

    Qcow2Header withBacking(String newBackingFile, List<HeaderExtension> newExtensions) {
        return new Qcow2Header(version, backingFileOffset, backingFileSize, clusterBits, size, cryptMethod, l1Size,
                l1TableOffset, refcountTableOffset, refcountTableClusters, nbSnapshots, snapshotsOffset,
                incompatibleFeatures, compatibleFeatures, autoclearFeatures, refcountOrder, headerLength,
                compressionType, newExtensions, newBackingFile);
    }
}
