package io.snapledger.query;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Which audit history entries to return; every field left null matches everything. Start with
 * {@link #everything()} and narrow it.
 *
 * @param domain   only this domain's entries
 * @param from     only entries at or after this time
 * @param to       only entries at or before this time
 * @param actor    only entries of this actor
 * @param snapshot only entries about this snapshot (see {@link HistoryEntry#snapshotUuid()})
 */
public record HistoryQuery(@Nullable String domain, @Nullable Instant from, @Nullable Instant to,
                           @Nullable String actor, @Nullable UUID snapshot) {

    public HistoryQuery {
        Require.nullOrNonBlank(domain, "domain");
        Require.nullOrNonBlank(actor, "actor");
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("history from " + from + " to " + to + " is an empty range: from is after to");
        }
    }

    public static HistoryQuery everything() {
        return new HistoryQuery(null, null, null, null, null);
    }

    public HistoryQuery domain(String onlyDomain) {
        return new HistoryQuery(onlyDomain, from, to, actor, snapshot);
    }

    public HistoryQuery from(Instant notBefore) {
        return new HistoryQuery(domain, notBefore, to, actor, snapshot);
    }

    public HistoryQuery to(Instant notAfter) {
        return new HistoryQuery(domain, from, notAfter, actor, snapshot);
    }

    public HistoryQuery actor(String onlyActor) {
        return new HistoryQuery(domain, from, to, onlyActor, snapshot);
    }

    public HistoryQuery snapshot(UUID onlySnapshot) {
        return new HistoryQuery(domain, from, to, actor, onlySnapshot);
    }

    boolean matches(HistoryEntry entry) {
        return (domain == null || domain.equals(entry.domain()))
                && (from == null || !entry.time().isBefore(from))
                && (to == null || !entry.time().isAfter(to))
                && (actor == null || actor.equals(entry.actor()))
                && (snapshot == null || snapshot.equals(entry.snapshotUuid()));
    }
}
