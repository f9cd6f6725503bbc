package io.snapledger.image;

import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * A fast fingerprint of what a guest reads from a disk: the same guest bytes give the same digest
 * whatever the layout underneath (clusters, zero flags, backing files, raw or qcow2), and a
 * change of any byte changes it. Made to notice images changed behind snapledger's back, not to
 * resist someone who wants to forge a match: it is not a cryptographic hash.
 *
 * <p>The guest view is cut into 64 KiB blocks. A block of zeros adds nothing (so a sparse or
 * zero-flagged range costs no reading when the metadata says it reads as zeros); every other block
 * adds its CRC32C (a CPU instruction on x86 and ARM) together with its index to a 64-bit running
 * mix. The virtual size is mixed in last. Written as {@code crc32c64:} and 16 hex digits.
 */
public final class ContentDigest {
    public static final String SCHEME = "crc32c64";
    static final int BLOCK = 64 * 1024;
    /** Reads go in chunks of this many bytes: large enough that per-read costs vanish. */
    private static final int CHUNK = 16 * BLOCK;
    private static final byte[] ZEROS = new byte[BLOCK];

    private ContentDigest() {
    }

    /** The guest bytes of one disk (or of one snapshot of it), as the digest reads them. */
    public interface GuestView {
        long size();

        void read(long offset, byte[] dst, int length) throws IOException;

        /**
         * How many bytes from {@code offset} (at most {@code max}) the image's metadata alone says
         * read as zeros, so they need not be read; 0 when they must be read.
         */
        default long knownZeros(long offset, long max) throws IOException {
            return 0;
        }
    }

    /** The digest of what the guest reads from {@code image} now (through its backing chain). */
    public static String of(DiskImage image) throws IOException {
        if (image instanceof Qcow2Image qcow2) {
            return of(qcow2.guestView(null));
        }
        return of(new GuestView() {
            @Override
            public long size() {
                return image.virtualSize();
            }

            @Override
            public void read(long offset, byte[] dst, int length) throws IOException {
                image.read(offset, dst, 0, length);
            }
        });
    }

    /** The digest of what the guest saw in an internal snapshot of {@code image}. */
    public static String ofSnapshot(Qcow2Image image, SnapshotEntry snapshot) throws IOException {
        return of(image.guestView(snapshot));
    }

    public static String of(GuestView view) throws IOException {
        long size = view.size();
        byte[] buffer = new byte[CHUNK];
        CRC32C crc = new CRC32C();
        long mix = 0;
        long offset = 0;
        while (offset < size) {
            long zeros = skippable(view.knownZeros(offset, size - offset), size - offset);
            if (zeros > 0) {
                offset += zeros;
                continue;
            }
            int length = (int) Math.min(CHUNK, size - offset);
            view.read(offset, buffer, length);
            for (int at = 0; at < length; at += BLOCK) {
                int n = Math.min(BLOCK, length - at);
                if (Arrays.mismatch(buffer, at, at + n, ZEROS, 0, n) < 0) {
                    continue;
                }
                crc.reset();
                crc.update(buffer, at, n);
                long block = (offset + at) / BLOCK;
                mix = fmix64(mix ^ fmix64((block << 32) | crc.getValue()));
            }
            offset += length;
        }
        return SCHEME + ":" + HexFormat.of().toHexDigits(fmix64(mix ^ size));
    }

    /** Whole blocks only, so every block read starts on a block boundary; all of it at the end. */
    private static long skippable(long zeros, long remaining) {
        return zeros >= remaining ? remaining : zeros / BLOCK * BLOCK;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
