package io.snapledger.query;

import io.snapledger.events.json.EventJson;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One domain as it stood at an instant. Its audit history up to that instant (every event at or
 * before it) is applied, in the order the projection first applied it, to a scratch projection
 * held in memory: the same rules build the past tree as build today's, so the answer is computed
 * from history, never from today's state. A snapshot deleted later is there, a renamed one has
 * the name it had then, and children moved by a later deletion are still under their old parent.
 * Ask {@link #queries()} the usual questions; close it to free the scratch store.
 */
public final class TreeAsOf implements AutoCloseable {

    /** Events per write batch: large enough to amortise a batch, small enough to bound its memory. */
    private static final int BATCH = 2_000;
    private static final String SOURCE = "history";

    private final String domain;
    private final Instant instant;
    private final int events;
    private final SnapshotProjection scratch;

    private TreeAsOf(String domain, Instant instant, int events, SnapshotProjection scratch) {
        this.domain = domain;
        this.instant = instant;
        this.events = events;
        this.scratch = scratch;
    }

    static TreeAsOf fold(SnapshotQueries today, EventJson eventJson, String domain, Instant instant) {
        Require.nonBlank(domain, "domain");
        Require.nonNull(instant, "instant");
        List<HistoryEntry> past = new ArrayList<>(today.history(HistoryQuery.everything().domain(domain).to(instant)));
        // the history is ordered by time; the rules must see the events in the order they were applied
        past.sort(Comparator.comparingLong(HistoryEntry::sequence));
        SnapshotProjection scratch = SnapshotProjection.inMemory(eventJson);
        try {
            for (int start = 0; start < past.size(); start += BATCH) {
                List<PositionedEvent> batch = new ArrayList<>();
                for (HistoryEntry entry : past.subList(start, Math.min(past.size(), start + BATCH))) {
                    batch.add(new PositionedEvent(ProjectionPosition.of(SOURCE, entry.sequence()),
                            entry.toEvent(eventJson), entry.sequence() - 1));
                }
                scratch.applyAll(batch);
            }
            return new TreeAsOf(domain, instant, past.size(), scratch);
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
    }

    public String domain() {
        return domain;
    }

    public Instant instant() {
        return instant;
    }

    /** How many of the domain's events had occurred by the instant. */
    public int events() {
        return events;
    }

    /** Whether the domain was defined at the instant: not before its definition, nor after it was undefined. */
    public boolean domainDefined() {
        return scratch.queries().domain(domain).isPresent();
    }

    /** The domain as it stood; empty if it was not defined then. */
    public Optional<DomainView> domainView() {
        return scratch.queries().domain(domain);
    }

    /** The usual questions, answered as of the instant, for this domain only. */
    public SnapshotQueries queries() {
        return scratch.queries();
    }

    @Override
    public void close() {
        scratch.close();
    }
}
