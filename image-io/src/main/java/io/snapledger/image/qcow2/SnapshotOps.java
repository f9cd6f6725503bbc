package io.snapledger.image.qcow2;

import io.snapledger.image.ImageOperationException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Internal snapshot create, apply and delete, each one {@link MetadataTransaction}. */
final class SnapshotOps {
    private SnapshotOps() {
    }

    static SnapshotEntry create(Qcow2Image image, NewSnapshot request) throws IOException {
        for (SnapshotEntry s : image.snapshots()) {
            if (s.id().equals(request.id())) {
                throw new ImageOperationException(image.name() + ": snapshot id " + request.id()
                        + " is already used by snapshot '" + s.name() + "'; choose another id");
            }
            if (s.name().equals(request.name())) {
                throw new ImageOperationException(image.name() + ": a snapshot named '" + request.name()
                        + "' already exists (id " + s.id() + "); choose another name or delete it first");
            }
            if (request.uuid() != null && request.uuid().equals(s.uuid())) {
                throw new ImageOperationException(image.name() + ": snapshot " + request.uuid() + " already exists");
            }
        }
        if (image.snapshots().size() >= Qcow2Header.MAX_SNAPSHOTS) {
            throw new ImageOperationException(image.name() + " already holds " + Qcow2Header.MAX_SNAPSHOTS
                    + " snapshots; delete some first");
        }
        MetadataTransaction tx = image.begin();
        int diskEntries = (int) Math.min(tx.l1().length,
                Qcow2Header.l1EntriesFor(tx.size(), image.header().clusterBits()));
        for (long l1Entry : Arrays.copyOf(tx.l1(), diskEntries)) {
            long l2Offset = Entries.offset(l1Entry);
            if (l2Offset != 0) {
                for (long entry : tx.l2(l2Offset)) {
                    tx.refL2Entry(entry, +1);
                }
            }
        }
        tx.fixActiveCopiedFlags();
        long[] snapshotL1 = stripCopied(Arrays.copyOf(tx.l1(), diskEntries));
        for (long l1Entry : snapshotL1) {
            if (Entries.offset(l1Entry) != 0) {
                tx.ref(Entries.offset(l1Entry), +1);
            }
        }
        long vmStateSize = 0;
        if (request.vmState() != null && request.vmState().length > 0) {
            snapshotL1 = VmStateArea.write(tx, snapshotL1, request.vmState());
            vmStateSize = request.vmState().length;
        }
        long l1Offset = 0;
        if (snapshotL1.length > 0) {
            l1Offset = tx.allocate((int) tx.clustersFor((long) snapshotL1.length * 8));
            tx.writeFresh(l1Offset, MetadataTransaction.encode(snapshotL1));
        }
        SnapshotEntry entry = new SnapshotEntry(l1Offset, snapshotL1.length, request.id(), request.name(),
                request.date().getEpochSecond(), request.date().getNano(), request.vmClockNsec(), vmStateSize,
                tx.size(), -1, request.uuid(), request.parentUuid(), new byte[0]);
        List<SnapshotEntry> entries = new ArrayList<>(tx.snapshots());
        entries.add(entry);
        tx.replaceSnapshots(entries);
        tx.commit();
        return entry;
    }

    static void apply(Qcow2Image image, SnapshotEntry snapshot) throws IOException {
        MetadataTransaction tx = image.begin();
        long diskSize = snapshot.diskSize() >= 0 ? snapshot.diskSize() : tx.size();
        int entries = (int) Qcow2Header.l1EntriesFor(diskSize, image.header().clusterBits());
        long[] fromSnapshot = image.snapshotL1(snapshot);
        long[] next = Arrays.copyOf(stripCopied(fromSnapshot), entries);
        tx.refTree(tx.l1(), -1);
        tx.refTree(next, +1);
        tx.replaceL1(next);
        tx.resize(diskSize);
        tx.fixActiveCopiedFlags();
        tx.commit();
    }

    static void delete(Qcow2Image image, SnapshotEntry snapshot) throws IOException {
        MetadataTransaction tx = image.begin();
        tx.refTree(image.snapshotL1(snapshot), -1);
        tx.releaseRange(snapshot.l1TableOffset(), (long) snapshot.l1Size() * 8);
        List<SnapshotEntry> entries = new ArrayList<>(tx.snapshots());
        entries.removeIf(s -> s.id().equals(snapshot.id()) && s.l1TableOffset() == snapshot.l1TableOffset());
        tx.replaceSnapshots(entries);
        tx.fixActiveCopiedFlags();
        tx.commit();
    }

    static long[] stripCopied(long[] table) {
        long[] copy = table.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] &= ~Entries.COPIED;
        }
        return copy;
    }
}
