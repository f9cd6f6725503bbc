package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * One event in the audit history: a summary to filter and show, and the event's own JSON.
 *
 * @param domain        the event's domain
 * @param sequence      the event's number among its domain's history entries, from 1, in the order
 *                      they were applied; orders entries with the same time
 * @param time          when the event occurred
 * @param type          the event's wire type name, e.g. {@code SnapshotCompleted}
 * @param revision      the revision of {@code event}'s payload
 * @param snapshotUuid  the snapshot the event is about (for {@code ChildReparented}, the child);
 *                      null for domain events, drift, and a {@code CurrentSnapshotSet} to none
 * @param actor         who caused it
 * @param reason        the operator's reason, or null
 * @param correlationId the operation it belongs to
 * @param eventId       the event's own id
 * @param event         the event's JSON payload, as {@link EventJson} writes it
 */
public record HistoryEntry(String domain, long sequence, Instant time, String type, int revision,
                           @Nullable UUID snapshotUuid, String actor, @Nullable String reason, UUID correlationId,
                           UUID eventId, JsonNode event) {

    public HistoryEntry {
        Require.nonBlank(domain, "domain");
        Require.positive(sequence, "sequence");
        Require.nonNull(time, "time");
        Require.nonBlank(type, "type");
        Require.nonBlank(actor, "actor");
        Require.nonNull(correlationId, "correlationId");
        Require.nonNull(eventId, "eventId");
        Require.nonNull(event, "event");
    }

    /** The event itself, read back (and upcast if its revision is old) by {@code json}. */
    public DomainEvent toEvent(EventJson json) {
        return json.read(type, revision, event.toString());
    }
}
