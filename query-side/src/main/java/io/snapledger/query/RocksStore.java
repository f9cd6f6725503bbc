package io.snapledger.query;

import io.snapledger.events.model.Require;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The RocksDB database behind a projection: its native handles, their lifecycle, and the
 * wrapping of every {@link RocksDBException} into a {@link ProjectionException} that names the
 * store and what it was doing.
 *
 * <p>Handles are closed in the reverse order of their creation, as RocksDB requires: column
 * family handles, then the database, then the write options, the database options and the
 * column family options. {@link #close()} waits for running operations (each holds the read
 * side of a lock that close takes for writing), so no thread can touch a freed handle; an
 * operation after close fails with a {@link ProjectionException}.
 *
 * <p>Writes use the write-ahead log without fsync: a process crash loses nothing written, a
 * machine crash may lose the last batches, but never half a batch, and the position is in the
 * same batch as its data, so the source resends exactly what was lost.
 */
final class RocksStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final String name;
    private final ColumnFamilyOptions familyOptions;
    private final DBOptions dbOptions;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> openedHandles;
    private final EnumMap<Family, ColumnFamilyHandle> handles = new EnumMap<>(Family.class);
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksStore(String name, ColumnFamilyOptions familyOptions, DBOptions dbOptions, WriteOptions writeOptions,
                       RocksDB db, List<ColumnFamilyHandle> openedHandles) {
        this.name = name;
        this.familyOptions = familyOptions;
        this.dbOptions = dbOptions;
        this.writeOptions = writeOptions;
        this.db = db;
        this.openedHandles = openedHandles;
        Family[] families = Family.values();
        for (int i = 0; i < families.length; i++) {
            handles.put(families[i], openedHandles.get(i));
        }
    }

    /** Opens the store in {@code directory}, creating it and any missing column family. */
    static RocksStore open(Path directory) {
        Require.nonNull(directory, "directory");
        String name = "projection store " + directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ProjectionException(name + ": cannot create its directory: " + e.getMessage(), e);
        }
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        WriteOptions writeOptions = new WriteOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (Family family : Family.values()) {
            descriptors.add(new ColumnFamilyDescriptor(family.nameBytes(), familyOptions));
        }
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, opened);
            return new RocksStore(name, familyOptions, dbOptions, writeOptions, db, opened);
        } catch (RocksDBException e) {
            closeAfterFailedOpen(opened, writeOptions, dbOptions, familyOptions);
            throw failure(name, "open", e);
        } catch (RuntimeException e) {
            closeAfterFailedOpen(opened, writeOptions, dbOptions, familyOptions);
            throw e;
        }
    }

    private static void closeAfterFailedOpen(List<ColumnFamilyHandle> opened, WriteOptions writeOptions,
                                             DBOptions dbOptions, ColumnFamilyOptions familyOptions) {
        opened.forEach(ColumnFamilyHandle::close);
        writeOptions.close();
        dbOptions.close();
        familyOptions.close();
    }

    String name() {
        return name;
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle handle(Family family) {
        return handles.get(family);
    }

    /**
     * Runs {@code operation} while the store is open: close waits for it, and RocksDB's
     * failures come out as a {@link ProjectionException} that says {@code what} failed.
     */
    <T> T guarded(String what, StoreOperation<T> operation) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new ProjectionException(name + ": cannot " + what + ": the store is closed");
            }
            return operation.run();
        } catch (RocksDBException e) {
            throw failure(name, what, e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** A consistent read-only view of the store as it is now. Call inside {@link #guarded}. */
    ReadView snapshotView() {
        return ReadView.atSnapshot(this);
    }

    /** A view that always reads the latest data, for the single writer. Call inside {@link #guarded}. */
    ReadView latestView() {
        return ReadView.latest(this);
    }

    /** Writes the batch atomically. Call inside {@link #guarded}. */
    void write(WriteBatch batch) throws RocksDBException {
        db.write(writeOptions, batch);
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = openedHandles.size() - 1; i >= 0; i--) {
                openedHandles.get(i).close();
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                throw failure(name, "close", e);
            } finally {
                writeOptions.close();
                dbOptions.close();
                familyOptions.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static ProjectionException failure(String name, String what, RocksDBException e) {
        String status = e.getStatus() == null ? "" : " [" + e.getStatus().getCodeString() + "]";
        return new ProjectionException(name + ": cannot " + what + ": " + e.getMessage() + status, e);
    }

    /** Work against the open store that may fail in RocksDB. */
    @FunctionalInterface
    interface StoreOperation<T> {
        T run() throws RocksDBException;
    }
}
