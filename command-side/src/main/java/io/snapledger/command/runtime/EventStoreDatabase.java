package io.snapledger.command.runtime;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStoreTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database behind the event store, the tracking tokens and the sagas: an embedded H2 file
 * under the home folder, or an {@link ExternalDatabase}. Opening it creates the tables that are
 * missing, so the first start of a home sets it up and later starts find it ready.
 *
 * <p>The embedded store belongs to one runtime at a time: H2's file lock keeps other processes
 * out, and this class keeps a second runtime of the same process out. That exclusivity is what
 * lets the embedded store use a fixed token owner name, so a restart after a crash takes the
 * processors' segments over at once instead of waiting for the dead process's claims to expire.
 */
final class EventStoreDatabase implements AutoCloseable {

    /** The token owner name of the embedded store's only process. */
    static final String EMBEDDED_NODE_ID = "snapledger-embedded";

    private static final Set<Path> OPEN_EMBEDDED_STORES = ConcurrentHashMap.newKeySet();

    private final StoreDialect dialect;
    private final ConnectionProvider connections;
    private final Path embeddedStore;
    private final Connection keepAlive;
    private volatile StoreCompaction compaction = StoreCompaction.ON_CLOSE;
    /**
     * Set as closing starts: a worker that outlived the runtime's shutdown then fails to connect,
     * instead of H2 creating a new, empty database where the store was (or is being removed).
     */
    private volatile boolean closed;

    private EventStoreDatabase(StoreDialect dialect, ConnectionProvider connections, Path embeddedStore,
                               Connection keepAlive) {
        this.dialect = dialect;
        this.connections = () -> {
            if (closed) {
                throw new SQLException("the event store" + (embeddedStore == null ? "" : " " + embeddedStore)
                        + " is closed");
            }
            return connections.getConnection();
        };
        this.embeddedStore = embeddedStore;
        this.keepAlive = keepAlive;
    }

    static EventStoreDatabase open(RuntimeSettings settings) {
        EventStoreDatabase database = settings.database() == null
                ? openEmbedded(settings.eventStoreFile())
                : openExternal(settings.database());
        try {
            database.createMissingTables();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * The JDBC URL of the embedded store. WRITE_DELAY=0 hands every commit to the operating system
     * at once, so a crashed process loses no committed event; DB_CLOSE_ON_EXIT=FALSE leaves closing
     * to the runtime's orderly shutdown, also from a JVM shutdown hook.
     */
    static String embeddedUrl(Path storeFile) {
        return "jdbc:h2:file:" + storeFile.toAbsolutePath()
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static EventStoreDatabase openEmbedded(Path storeFile) {
        Path key = storeFile.toAbsolutePath().normalize();
        if (!OPEN_EMBEDDED_STORES.add(key)) {
            throw new IllegalStateException("the event store " + key + " is already open in this process; "
                    + "close the other command runtime first");
        }
        try {
            Files.createDirectories(key.getParent());
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL(embeddedUrl(key));
            // Holding one connection keeps H2 from closing and reopening the file whenever the
            // last working connection closes.
            Connection keepAlive = dataSource.getConnection();
            return new EventStoreDatabase(StoreDialect.H2, dataSource::getConnection, key, keepAlive);
        } catch (SQLException e) {
            OPEN_EMBEDDED_STORES.remove(key);
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new IllegalStateException("the event store " + key + " is in use by another process; "
                        + "only one snapledger process can use an embedded store at a time", e);
            }
            throw new IllegalStateException("cannot open the event store " + key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            OPEN_EMBEDDED_STORES.remove(key);
            throw new UncheckedIOException("cannot create the event store folder " + key.getParent(), e);
        }
    }

    private static EventStoreDatabase openExternal(ExternalDatabase external) {
        ConnectionProvider connections =
                () -> DriverManager.getConnection(external.jdbcUrl(), external.user(), external.password());
        return new EventStoreDatabase(StoreDialect.forJdbcUrl(external.jdbcUrl()), connections, null, null);
    }

    StoreDialect dialect() {
        return dialect;
    }

    /** New physical connections; each caller closes its own. */
    ConnectionProvider connections() {
        return connections;
    }

    /**
     * The name under which this process claims tracking segments: fixed for the embedded store,
     * Axon's default (process id and host) for a shared database, where several processes claim.
     */
    Optional<String> tokenOwner() {
        return embeddedStore == null ? Optional.empty() : Optional.of(EMBEDDED_NODE_ID);
    }

    private void createMissingTables() {
        SagaSqlSchema sagaSchema = dialect.sagaSchema();
        try (Connection connection = connections.getConnection()) {
            EventSchema eventSchema = new EventSchema();
            execute(dialect.eventTables().createDomainEventTable(connection, eventSchema));
            execute(dialect.eventTables().createSnapshotEventTable(connection, eventSchema));
            execute(dialect.tokenTables().createTable(connection, new TokenSchema()));
            execute(sagaSchema.sql_createTableSagaEntry(connection));
            execute(sagaSchema.sql_createTableAssocValueEntry(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the event store tables: " + e.getMessage(), e);
        }
    }

    private static void execute(PreparedStatement statement) throws SQLException {
        try (statement) {
            statement.executeUpdate();
        }
    }

    /** How much of the embedded store's file holds data; empty for an external database, which keeps its own space. */
    Optional<StoreSpace> space() {
        if (embeddedStore == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoreSpace.of(keepAlive));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the size of the event store " + embeddedStore + ": "
                    + e.getMessage(), e);
        }
    }

    /** The embedded store's file; empty for an external database. */
    Optional<Path> file() {
        return Optional.ofNullable(embeddedStore).map(store -> store.resolveSibling(store.getFileName() + ".mv.db"));
    }

    /** When {@link #close} compacts the embedded store; by default {@link StoreCompaction#ON_CLOSE}. */
    void compactOnClose(StoreCompaction when) {
        compaction = when;
    }

    /**
     * Closes the embedded store's file, then compacts it when {@linkplain #compactOnClose so set}
     * and the file holds enough waste; nothing to do for an external database.
     */
    @Override
    public void close() {
        closed = true;
        if (embeddedStore == null) {
            return;
        }
        try {
            boolean compact;
            try (Connection closing = keepAlive; Statement statement = closing.createStatement()) {
                compact = compactsOnClose(closing);
                // SHUTDOWN also closes connections a stuck worker may still hold, so the file is
                // released for the next start.
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot close the event store " + embeddedStore + ": " + e.getMessage(), e);
            }
            if (compact) {
                compactClosedFile();
            }
        } finally {
            // only now: no other runtime of this process may open the file while it is copied
            OPEN_EMBEDDED_STORES.remove(embeddedStore);
        }
    }

    /**
     * Copies the live pages into a new file beside the store and renames it over the old one
     * when complete, so a crash during the copy leaves the old file (H2 deletes the partial copy
     * at the next open). Not H2's {@code SHUTDOWN COMPACT}, which does the same copy but
     * compresses the pages: measured on 200,100 events, its file was half the size (54 MB against
     * 105 MB), but the copy took 2.4 s against 1.35 s and reading the whole history from it about
     * 1.4 times the CPU, which every projection rebuild pays.
     */
    private void compactClosedFile() {
        try {
            MVStoreTool.compact(file().orElseThrow().toString(), false);
        } catch (RuntimeException e) {
            if (compaction.reportsFailure()) {
                throw new IllegalStateException("the event store " + embeddedStore + " was closed but could not be "
                        + "compacted (" + e.getMessage() + "); it is intact; free disk space for a copy of its data "
                        + "and try again", e);
            }
            // a close that compacts on its own stays a successful close: the store is intact, only as large as before
        }
    }

    /** Whether {@link #close} would compact the store as it is now. */
    boolean compactsOnClose() {
        return embeddedStore != null && compactsOnClose(keepAlive);
    }

    /** A store whose figures cannot be read is closed as it is: compacting is never worth a failed close. */
    private boolean compactsOnClose(Connection connection) {
        try {
            return compaction.wanted(StoreSpace.of(connection));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
