package io.snapledger.events;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event says about itself, apart from the fact it records.
 *
 * @param eventId       unique per event; consumers use it to drop duplicates
 * @param occurredAt    when the fact became true, as the command side's clock saw it
 * @param actor         who caused it: an operator name, or a component such as {@code reconcile}
 * @param reason        the operator's free-text reason, if one was given
 * @param correlationId the operation the event belongs to: every event of one take, revert or
 *                      delete shares it, and the device writers use it as their idempotency key
 */
public record EventMetadata(UUID eventId, Instant occurredAt, String actor, @Nullable String reason,
                            UUID correlationId) {

    public EventMetadata {
        Require.nonNull(eventId, "eventId");
        Require.nonNull(occurredAt, "occurredAt");
        Require.nonBlank(actor, "actor");
        Require.nullOrNonBlank(reason, "reason");
        Require.nonNull(correlationId, "correlationId");
    }
}
