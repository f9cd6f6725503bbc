package io.snapledger.kafka.querynode;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.core.HomeKinds;
import io.snapledger.core.HomeLock;
import io.snapledger.core.LedgerReads;
import io.snapledger.events.json.EventJson;
import io.snapledger.image.ImageOperationException;
import io.snapledger.query.ProjectionException;
import io.snapledger.query.SnapshotProjection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The home of a query node: a projection fed from Kafka and nothing else (no event store, no
 * command side); {@link HomeKinds} tells it apart, so that the read-only commands know to answer
 * from the projection alone.
 */
public final class QueryNodeHome implements LedgerReads {
    /** Null when opened for queries only. */
    private final HomeLock lock;
    private final SnapshotProjection projection;
    /** Empty when it answers for every domain: it reads every partition, or it is opened to be fed. */
    private final Optional<ServedPartitions> served;

    private QueryNodeHome(HomeLock lock, SnapshotProjection projection, Optional<ServedPartitions> served) {
        this.lock = lock;
        this.projection = projection;
        this.served = served;
    }

    /** Whether {@code home} belongs to a query node. */
    public static boolean is(Path home) {
        return HomeKinds.isQueryNode(home);
    }

    /**
     * Opens {@code home} for a query node, making it one if it is new or empty.
     *
     * @throws DomainRuleException if the home has an event store: a query node needs its own home
     */
    public static QueryNodeHome open(Path home) {
        if (HomeKinds.hasEventStore(home)) {
            throw new DomainRuleException("NOT_A_QUERY_NODE_HOME", "the snapledger home " + home + " has an event "
                    + "store; give the query node a home of its own with --home DIR");
        }
        try {
            HomeKinds.createPrivate(home);
            if (!is(home)) {
                Files.writeString(home.resolve(HomeKinds.QUERY_NODE_MARKER), "a snapledger query node: a projection fed from Kafka\n");
            }
        } catch (IOException e) {
            throw new ImageOperationException("cannot create the query node's home " + home + ": " + e.getMessage());
        }
        return openExisting(home);
    }

    /**
     * Opens a query node's home for queries only: without its lock and with its projection
     * read-only, so it answers while the query node runs, as the projection stood at this moment.
     */
    public static QueryNodeHome openForQueries(Path home) {
        try {
            Optional<ServedPartitions> served = ServedPartitions.read(home);
            return new QueryNodeHome(null, SnapshotProjection.openReadOnly(home.resolve("projection")), served);
        } catch (ProjectionException e) {
            throw new DomainRuleException("QUERY_NODE_NOT_READY", e.getMessage() + "; let the query node read the "
                    + "topic first: 'snapledger --home " + home + " query-node --kafka BOOTSTRAP --once'");
        }
    }

    /** Opens a home that {@link #is} a query node's, to feed its projection. */
    public static QueryNodeHome openExisting(Path home) {
        HomeLock lock = HomeLock.take(home);
        try {
            return new QueryNodeHome(lock, SnapshotProjection.open(home.resolve("projection"), EventJson.standard()),
                    Optional.empty());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The partitions this node reads in its consumer group; empty when it reads every partition. */
    public Optional<ServedPartitions> served() {
        return served;
    }

    @Override
    public SnapshotProjection projection() {
        return projection;
    }

    @Override
    public boolean serves(String domain) {
        return served.map(partitions -> partitions.serves(domain)).orElse(true);
    }

    @Override
    public void requireServes(String domain) {
        served.ifPresent(partitions -> partitions.requireServes(domain));
    }

    @Override
    public void close() {
        try {
            projection.close();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
