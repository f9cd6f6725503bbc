package io.snapledger.core;

import io.snapledger.events.model.LiveState;
import io.snapledger.query.DomainView;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.query.SnapshotProjection;
import io.snapledger.query.SnapshotQueries;
import io.snapledger.query.TreeAsOf;

import java.time.Instant;
import java.util.Optional;

/**
 * What every home answers, and all the read-only commands ask: domains, snapshots and history,
 * now or as they stood at a past time. A home with an event store answers through its
 * {@link LedgerService}, caught up with the store first; a query node's home from the projection
 * it feeds from Kafka.
 */
public interface LedgerReads extends AutoCloseable {

    /** Today's answers. */
    default SnapshotQueries queries() {
        return projection().queries();
    }

    /** The projection behind the answers (rebuilt by replay). */
    SnapshotProjection projection();

    /**
     * The answers as {@code domain} stood at {@code instant}, computed from its history; close the
     * result when done. Refused, saying when its history starts, while the domain was not defined.
     */
    default TreeAsOf asOf(String domain, Instant instant) {
        TreeAsOf past = projection().asOf(domain, instant);
        if (!past.domainDefined()) {
            past.close();
            throw notDefinedThen(queries(), domain, instant);
        }
        return past;
    }

    private static DomainRuleException notDefinedThen(SnapshotQueries today, String domain, Instant instant) {
        Optional<Instant> start = today.historyStart(domain);
        if (start.isEmpty()) {
            return Lookup.noSuchDomain(domain);
        }
        if (instant.isBefore(start.get())) {
            return new DomainRuleException("NOT_YET_DEFINED", "domain " + domain + " did not exist at " + instant
                    + ": its history starts at " + start.get() + "; give a later --as-of");
        }
        return new DomainRuleException("NOT_DEFINED_THEN", "domain " + domain + " was not defined at " + instant
                + "; see when it was with 'snapledger history " + domain + "'");
    }

    /**
     * Whether this home answers for the domain now: every home does, but a query node in a
     * consumer group only for the domains of the partitions it reads.
     */
    default boolean serves(String domain) {
        return true;
    }

    /** Refuses a domain this home does not answer for now, saying where to ask. */
    default void requireServes(String domain) {
    }

    /**
     * What a domain is doing now, in virsh's words: a live domain as its QEMU answers (running,
     * paused) or not (shut off); any other as it was defined.
     */
    default LiveState state(DomainView domain) {
        return domain.online() ? LiveState.RUNNING : LiveState.SHUT_OFF;
    }

    @Override
    void close();
}
