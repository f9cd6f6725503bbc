package io.snapledger.image.qcow2;

import io.snapledger.image.ContentDigest;
import io.snapledger.image.DiskImage;

import java.io.IOException;

/**
 * The guest bytes one L1 table of an image maps (the active one or a snapshot's), read through the
 * backing chain, with the ranges its metadata alone says read as zeros, so a digest skips them.
 */
final class LayerView implements ContentDigest.GuestView {
    private final Qcow2Image image;
    private final long[] table;
    private final long size;

    LayerView(Qcow2Image image, long[] table, long size) {
        this.image = image;
        this.table = table;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long offset, byte[] dst, int length) throws IOException {
        image.readThrough(table, offset, dst, 0, length);
    }

    /**
     * Zero-flagged clusters, and unallocated ones where nothing below holds data (no backing
     * file, past its end, or a qcow2 backing file whose own metadata says zeros).
     */
    @Override
    public long knownZeros(long offset, long max) throws IOException {
        long clusterSize = image.clusterSize();
        long l1Span = 1L << (image.header().clusterBits() * 2 - 3);
        long done = 0;
        while (done < max) {
            long guest = offset + done;
            long l1Index = guest / l1Span;
            boolean unmapped = l1Index >= table.length || Entries.offset(table[(int) l1Index]) == 0;
            long end = unmapped ? (l1Index + 1) * l1Span : (guest / clusterSize + 1) * clusterSize;
            long span = Math.min(max - done, end - guest);
            long entry = unmapped ? 0 : image.l2EntryFor(table, guest);
            if (Entries.zero(entry)) {
                done += span;
                continue;
            }
            if (!Entries.unallocated(entry)) {
                break;
            }
            long below = zerosBelow(guest, span);
            done += below;
            if (below < span) {
                break;
            }
        }
        return done;
    }

    private long zerosBelow(long guest, long span) throws IOException {
        DiskImage base = image.backing();
        if (base == null || guest >= base.virtualSize()) {
            return span;
        }
        if (!(base instanceof Qcow2Image qcow2)) {
            return 0;
        }
        long inside = Math.min(span, base.virtualSize() - guest);
        long zeros = new LayerView(qcow2, qcow2.l1, qcow2.virtualSize()).knownZeros(guest, inside);
        return zeros == inside ? span : zeros;
    }
}
