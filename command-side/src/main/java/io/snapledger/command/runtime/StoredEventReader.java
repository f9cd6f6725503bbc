package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventTypes;
import io.snapledger.events.json.EventJson;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Reads the whole event history in store order with plain JDBC, for rebuilding a projection from
 * scratch. Axon's event stream serves live processors: it reads 100 events a query and tracks
 * gaps left by transactions still in flight, which costs more than the rest of a rebuild. A
 * rebuild instead reads large pages ordered by the global index, only the columns it needs, and
 * maps each payload straight to its event record (through the upcasters only when the stored
 * revision is old).
 *
 * <p>An event whose transaction commits while this reads, below an index already read, is not
 * seen here; whoever rebuilds must let its live processor deliver what it missed (the projection
 * drops what it already holds by event id).
 */
public final class StoredEventReader {

    /** Rows a query returns: big enough that the per-query cost vanishes, small enough to keep memory flat. */
    public static final int PAGE_ROWS = 2_000;

    private final ConnectionProvider connections;
    private final EventJson json;
    private final int pageRows;
    private final String pageQuery;
    private final String countQuery;
    private final String countAfterQuery;
    private final String globalIndexColumn;

    StoredEventReader(ConnectionProvider connections, StoreDialect dialect, EventSchema schema, EventJson json,
                      int pageRows) {
        this.connections = connections;
        this.json = json;
        this.pageRows = pageRows;
        this.pageQuery = "SELECT " + schema.globalIndexColumn() + ", " + schema.payloadTypeColumn() + ", "
                + schema.payloadRevisionColumn() + ", " + dialect.readablePayload(schema.payloadColumn()) + ", "
                + schema.sequenceNumberColumn()
                + " FROM " + schema.domainEventTable()
                + " WHERE " + schema.globalIndexColumn() + " > ?"
                + " ORDER BY " + schema.globalIndexColumn() + " LIMIT " + pageRows;
        this.countQuery = "SELECT COUNT(*) FROM " + schema.domainEventTable();
        this.globalIndexColumn = schema.globalIndexColumn();
        this.countAfterQuery = countQuery + " WHERE " + schema.globalIndexColumn() + " > ?";
    }

    /** How many events the store holds: one query, without reading them (the table holds only events of ours). */
    public long count() {
        try (Connection connection = connections.getConnection();
             PreparedStatement query = connection.prepareStatement(countQuery);
             ResultSet result = query.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the events in the event store: " + e.getMessage(), e);
        }
    }

    /**
     * How many events lie past a tracking position: those after {@code globalIndex} and those at
     * the {@code gaps} below it (indexes a tracking processor skipped because their transactions
     * had not committed yet). One query, however long the backlog.
     */
    public long countAfter(long globalIndex, Collection<Long> gaps) {
        StringBuilder sql = new StringBuilder(countAfterQuery);
        if (!gaps.isEmpty()) {
            sql.append(" OR ").append(globalIndexColumn).append(" IN (")
                    .append(String.join(", ", Collections.nCopies(gaps.size(), "?"))).append(')');
        }
        try (Connection connection = connections.getConnection();
             PreparedStatement query = connection.prepareStatement(sql.toString())) {
            query.setLong(1, globalIndex);
            int parameter = 2;
            for (long gap : gaps) {
                query.setLong(parameter++, gap);
            }
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the events in the event store: " + e.getMessage(), e);
        }
    }

    /** Receives the history a page at a time; may throw to stop the read. */
    @FunctionalInterface
    public interface PageSink {
        void accept(List<StoredEvent> page) throws InterruptedException;
    }

    /**
     * Hands every stored event to {@code sink}, in store order, a page at a time. Rows that are
     * not events of ours (their type is no event name) are left out, as the projection ignores them.
     *
     * @return how many events were handed over
     * @throws IllegalStateException if the store cannot be read; an unknown event name or an
     *                               unreadable payload fails as {@link EventJson#read} says
     */
    public long readAll(PageSink sink) throws InterruptedException {
        long read = 0;
        try (Connection connection = connections.getConnection();
             PreparedStatement query = connection.prepareStatement(pageQuery)) {
            query.setFetchSize(pageRows);
            long after = -1;
            int rows;
            do {
                List<StoredEvent> page = new ArrayList<>(pageRows);
                query.setLong(1, after);
                rows = 0;
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows++;
                        after = result.getLong(1);
                        String type = result.getString(2);
                        if (StableEventTypeSerializer.isEventTypeName(type)) {
                            page.add(stored(after, result.getLong(5), type, result.getString(3),
                                    result.getBytes(4)));
                        }
                    }
                }
                if (!page.isEmpty()) {
                    read += page.size();
                    sink.accept(page);
                }
            } while (rows == pageRows);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store: " + e.getMessage(), e);
        }
        return read;
    }

    private StoredEvent stored(long globalIndex, long aggregateSequence, String type, String storedRevision,
                               byte[] payload) {
        int revision = storedRevision == null ? 0 : Integer.parseInt(storedRevision);
        DomainEvent event = json.read(type, revision, payload);
        boolean current = revision == EventTypes.byName(type).revision();
        return new StoredEvent(globalIndex, aggregateSequence, event, current ? payload : null);
    }
}
