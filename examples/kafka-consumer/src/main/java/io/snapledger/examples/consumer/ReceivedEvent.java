package io.snapledger.examples.consumer;

import io.snapledger.events.DomainEvent;

import java.util.UUID;

/**
 * One event as read from {@code snapledger.events.v1}, decoded with events-schema alone.
 *
 * @param domain            the record key
 * @param aggregateSequence the {@code aggregate-sequence} header
 * @param type              the {@code type} header
 * @param revision          the {@code revision} header
 * @param eventId           the {@code event-id} header
 * @param correlationId     the {@code correlation-id} header
 * @param actor             the {@code actor} header
 * @param event             the payload, read as {@code type} at {@code revision}
 */
public record ReceivedEvent(String domain, long aggregateSequence, String type, int revision, UUID eventId,
                            UUID correlationId, String actor, DomainEvent event) {
}
