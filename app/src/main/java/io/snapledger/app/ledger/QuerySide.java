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

    @Override
    void close();
}
