package io.snapledger.app.ledger;

import io.snapledger.query.SnapshotProjection;
import io.snapledger.query.SnapshotQueries;

/**
 * What the read-only commands need of a home: its projection. A home with an event store gives
 * it through a {@link Ledger} (caught up with the store first); a query node's home through a
 * {@link QueryNodeHome}.
 */
public interface QuerySide extends AutoCloseable {

    default SnapshotQueries queries() {
        return projection().queries();
    }

    SnapshotProjection projection();

    /**
     * Whether this home answers for the domain now: every home does, but a query node in a
     * consumer group only for the domains of the partitions it reads ({@link ServedPartitions}).
     */
    default boolean serves(String domain) {
        return true;
    }

    /** Refuses a domain this home does not answer for now, saying where to ask. */
    default void requireServes(String domain) {
    }

    @Override
    void close();
}
