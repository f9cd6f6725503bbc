package io.snapledger.query;

import io.snapledger.events.model.Require;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksMemEnv;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The RocksDB database behind a projection: its native handles, their lifecycle, and the
 * wrapping of every {@link RocksDBException} into a {@link ProjectionException} that names the
 * store and what it was doing.
 *
 * <p>Handles are closed in the reverse order of their creation, as RocksDB requires: column
 * family handles, then the database, then the write options, the database options and the
 * column family options, and for a store in memory the environment that held its files last.
 * {@link #close()} waits for running operations (each holds the read
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
    /** Where the store's files are; null for a store in memory. */
    private final Path directory;
    /** Null for a store on disk; an in-memory store's files live here and die with it. */
    private final Env memoryEnv;
    private final ColumnFamilyOptions familyOptions;
    private final DBOptions dbOptions;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> openedHandles;
    private final EnumMap<Family, ColumnFamilyHandle> handles = new EnumMap<>(Family.class);
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksStore(String name, Path directory, Env memoryEnv, ColumnFamilyOptions familyOptions,
                       DBOptions dbOptions, WriteOptions writeOptions, RocksDB db, List<ColumnFamilyHandle> openedHandles) {
        this.name = name;
        this.directory = directory;
        this.memoryEnv = memoryEnv;
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
        return open(name, directory, leftOverFamilies(name, directory), null, false);
    }

    /**
     * Opens an existing store for reading only. Any number of such readers may run beside the one
     * process that writes the store, in other processes too: each sees the store as it was when
     * it opened (RocksDB's read-only instance). Writes fail.
     */
    static RocksStore openReadOnly(Path directory) {
        Require.nonNull(directory, "directory");
        String name = "projection store " + directory + " (read-only)";
        if (!Files.exists(directory.resolve("CURRENT"))) {
            throw new ProjectionException(name + ": there is no store to read");
        }
        return open(name, directory, List.of(), null, true);
    }

    /**
     * A new, empty store held in memory only, gone when closed: scratch space for answers that
     * are computed, not kept (the tree as it stood at an instant).
     */
    static RocksStore inMemory(String name) {
        Require.nonBlank(name, "name");
        return open(name, null, List.of(), new RocksMemEnv(Env.getDefault()), false);
    }

    private static RocksStore open(String name, Path directory, List<byte[]> leftOver, Env memoryEnv,
                                   boolean readOnly) {
        String path = directory == null ? "/scratch" : directory.toString();
        // LZ4: the history's JSON compresses as well as with RocksDB's default Snappy, at a
        // fraction of the cost of writing the files (measured in a rebuild: the table writer
        // spent most of its time compressing)
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        if (memoryEnv != null) {
            dbOptions.setEnv(memoryEnv);
        }
        WriteOptions writeOptions = new WriteOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (Family family : Family.values()) {
            descriptors.add(new ColumnFamilyDescriptor(family.nameBytes(), familyOptions));
        }
        leftOver.forEach(family -> descriptors.add(new ColumnFamilyDescriptor(family, familyOptions)));
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        RocksDB db = null;
        try {
            if (readOnly) {
                // a reader may open a subset of the families: families of another format stay unopened
                db = RocksDB.openReadOnly(dbOptions, path, descriptors, opened);
            } else {
                db = RocksDB.open(dbOptions, path, descriptors, opened);
                dropLeftOverFamilies(db, opened);
            }
            return new RocksStore(name, directory, memoryEnv, familyOptions, dbOptions, writeOptions, db, opened);
        } catch (RocksDBException e) {
            closeAfterFailedOpen(db, opened, writeOptions, dbOptions, familyOptions, memoryEnv);
            throw failure(name, "open", e);
        } catch (RuntimeException e) {
            closeAfterFailedOpen(db, opened, writeOptions, dbOptions, familyOptions, memoryEnv);
            throw e;
        }
    }

    /**
     * RocksDB refuses to open a store without naming all of its families, so families of another
     * format were opened with the others; they are dropped here (the projection is rebuilt from
     * the events anyway), leaving {@code opened} with the handles of {@link Family} only.
     */
    private static void dropLeftOverFamilies(RocksDB db, List<ColumnFamilyHandle> opened) throws RocksDBException {
        while (opened.size() > Family.values().length) {
            try (ColumnFamilyHandle leftOver = opened.get(opened.size() - 1)) {
                db.dropColumnFamily(leftOver);
                opened.remove(opened.size() - 1);
            }
        }
    }

    /** The column families of an existing store that are none of {@link Family}: left by another format. */
    private static List<byte[]> leftOverFamilies(String name, Path directory) {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return List.of(); // a new store
        }
        List<byte[]> known = new ArrayList<>();
        for (Family family : Family.values()) {
            known.add(family.nameBytes());
        }
        try (Options options = new Options()) {
            List<byte[]> leftOver = new ArrayList<>(RocksDB.listColumnFamilies(options, directory.toString()));
            leftOver.removeIf(family -> known.stream().anyMatch(k -> Arrays.equals(k, family)));
            return leftOver;
        } catch (RocksDBException e) {
            throw failure(name, "list its column families", e);
        }
    }

    /** Closes what a failed open made, in the documented order; {@code db} is null if it was not opened. */
    private static void closeAfterFailedOpen(RocksDB db, List<ColumnFamilyHandle> opened, WriteOptions writeOptions,
                                             DBOptions dbOptions, ColumnFamilyOptions familyOptions, Env memoryEnv) {
        opened.forEach(ColumnFamilyHandle::close);
        if (db != null) {
            db.close();
        }
        writeOptions.close();
        dbOptions.close();
        familyOptions.close();
        if (memoryEnv != null) {
            memoryEnv.close();
        }
    }

    String name() {
        return name;
    }

    RocksDB db() {
        return db;
    }

    /** Where the store's files are; empty for a store in memory. */
    Optional<Path> directory() {
        return Optional.ofNullable(directory);
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

    /** Adds to the batch the deletion of every key of every family. Call inside {@link #guarded}. */
    void deleteEverything(WriteBatch batch) throws RocksDBException {
        deleteAll(batch, Family.values());
    }

    /** Adds to the batch the deletion of every key of these families. Call inside {@link #guarded}. */
    void deleteAll(WriteBatch batch, Family... families) throws RocksDBException {
        try (ReadView view = latestView()) {
            for (Family family : families) {
                Optional<ReadView.KeyRange> range = view.keyRange(family);
                if (range.isPresent()) {
                    // A range delete leaves out its end key, so the last key goes on its own.
                    batch.deleteRange(handle(family), range.get().first(), range.get().last());
                    batch.delete(handle(family), range.get().last());
                }
            }
        }
    }

    /**
     * Empties these families at once by dropping them and creating them again: every file of
     * theirs goes, level 0 and memory tables included, and no range deletion is left behind for
     * compactions to read through. (RocksDB's {@code DeleteFilesInRanges} keeps level-0 files, and
     * a rebuild leaves its history there: the history is keyed by domain first, so its runs
     * overlap; the next rebuild then paid a compaction of the old history against its deletes.)
     * Families that hold nothing are left as they are, and the rest go in one drop and one create:
     * each change rewrites the store's options file, about 10 ms. Waits for running operations,
     * like {@link #close}; those after it use the new families.
     */
    void recreate(Family... families) {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                throw new ProjectionException(name + ": cannot empty its families: the store is closed");
            }
            List<Family> holding = new ArrayList<>();
            try (ReadView view = latestView()) {
                for (Family family : families) {
                    if (view.keyRange(family).isPresent()) {
                        holding.add(family);
                    }
                }
            }
            if (holding.isEmpty()) {
                return;
            }
            List<ColumnFamilyHandle> old = holding.stream().map(handles::get).toList();
            db.dropColumnFamilies(old);
            List<ColumnFamilyHandle> fresh = db.createColumnFamilies(holding.stream()
                    .map(family -> new ColumnFamilyDescriptor(family.nameBytes(), familyOptions)).toList());
            for (int i = 0; i < holding.size(); i++) {
                openedHandles.set(openedHandles.indexOf(old.get(i)), fresh.get(i));
                handles.put(holding.get(i), fresh.get(i));
                old.get(i).close();
            }
        } catch (RocksDBException e) {
            throw failure(name, "empty its families", e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Writes the batch atomically. Call inside {@link #guarded}. */
    void write(WriteBatch batch) throws RocksDBException {
        db.write(writeOptions, batch);
    }

    /** Writes the batch atomically and waits until it is on disk. Call inside {@link #guarded}. */
    void writeSynced(WriteBatch batch) throws RocksDBException {
        try (WriteOptions synced = new WriteOptions().setSync(true)) {
            db.write(synced, batch);
        }
    }

    /**
     * Writes the entries, in strictly increasing key order, to a table file at {@code file} and
     * moves that file into the family: no memory table, no write-ahead log, no flush, and the
     * file is on disk when this returns. For data no reader may see half of: call only where
     * nothing reads the family meanwhile (a rebuild). Call inside {@link #guarded}.
     */
    void ingestSorted(Family family, Path file, SortedEntries entries) throws RocksDBException {
        try (Options options = new Options(dbOptions, familyOptions);
             EnvOptions envOptions = new EnvOptions();
             SstFileWriter writer = new SstFileWriter(envOptions, options)) {
            writer.open(file.toString());
            entries.forEach(writer::put);
            writer.finish();
        }
        try (IngestExternalFileOptions ingest = new IngestExternalFileOptions().setMoveFiles(true)) {
            db.ingestExternalFile(handle(family), List.of(file.toString()), ingest);
        }
    }

    /** Entries in strictly increasing key order. */
    @FunctionalInterface
    interface SortedEntries {
        void forEach(EntryConsumer consumer) throws RocksDBException;
    }

    @FunctionalInterface
    interface EntryConsumer {
        /** Takes an entry from direct buffers, between their position and limit. */
        void accept(ByteBuffer key, ByteBuffer value) throws RocksDBException;
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
                if (memoryEnv != null) {
                    memoryEnv.close(); // last: the database's files lived in it
                }
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
