package io.snapledger.query;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads from the store: either at one RocksDB snapshot, so that a query that reads many keys
 * sees them as one batch left them, or at the latest state, for the single writer. Owns its
 * native read options and snapshot; close it (try-with-resources) inside the
 * {@link RocksStore#guarded guarded} operation that opened it.
 */
final class ReadView implements AutoCloseable {

    private final RocksStore store;
    private final Snapshot snapshot;
    private final ReadOptions options;

    private ReadView(RocksStore store, Snapshot snapshot, ReadOptions options) {
        this.store = store;
        this.snapshot = snapshot;
        this.options = options;
    }

    static ReadView atSnapshot(RocksStore store) {
        Snapshot snapshot = store.db().getSnapshot();
        return new ReadView(store, snapshot, new ReadOptions().setSnapshot(snapshot));
    }

    static ReadView latest(RocksStore store) {
        return new ReadView(store, null, new ReadOptions());
    }

    /** The value, or null if the key is absent. */
    byte[] get(Family family, byte[] key) throws RocksDBException {
        return store.db().get(store.handle(family), options, key);
    }

    /** The values in the order of the keys, null where a key is absent; one native call. */
    List<byte[]> multiGet(Family family, List<byte[]> keys) throws RocksDBException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<ColumnFamilyHandle> handles = Collections.nCopies(keys.size(), store.handle(family));
        return store.db().multiGetAsList(options, handles, keys);
    }

    /** Visits the entries from {@code seek} on, in key order, while the visitor returns true. */
    void scan(Family family, byte[] seek, EntryVisitor visitor) throws RocksDBException {
        try (RocksIterator iterator = store.db().newIterator(store.handle(family), options)) {
            for (iterator.seek(seek); iterator.isValid(); iterator.next()) {
                if (!visitor.visit(iterator.key(), iterator.value())) {
                    return;
                }
            }
            iterator.status();
        }
    }

    /** Visits every entry whose key starts with {@code prefix}, in key order. */
    void scanPrefix(Family family, byte[] prefix, EntryVisitor visitor) throws RocksDBException {
        scanPrefix(family, prefix, prefix, visitor);
    }

    /** Visits the entries from {@code seek} on whose key starts with {@code prefix}, in key order. */
    void scanPrefix(Family family, byte[] prefix, byte[] seek, EntryVisitor visitor) throws RocksDBException {
        scan(family, seek, (key, value) -> Keys.startsWith(key, prefix) && visitor.visit(key, value));
    }

    /** The first and last key of the family, if it holds any. */
    Optional<KeyRange> keyRange(Family family) throws RocksDBException {
        try (RocksIterator iterator = store.db().newIterator(store.handle(family), options)) {
            iterator.seekToFirst();
            if (!iterator.isValid()) {
                iterator.status();
                return Optional.empty();
            }
            byte[] first = iterator.key();
            iterator.seekToLast();
            iterator.status();
            return Optional.of(new KeyRange(first, iterator.key()));
        }
    }

    @Override
    public void close() {
        options.close();
        if (snapshot != null) {
            store.db().releaseSnapshot(snapshot);
            snapshot.close();
        }
    }

    /** The smallest and largest key of a family, both present. */
    record KeyRange(byte[] first, byte[] last) {
    }

    @FunctionalInterface
    interface EntryVisitor {
        /** @return whether to go on */
        boolean visit(byte[] key, byte[] value);
    }
}
