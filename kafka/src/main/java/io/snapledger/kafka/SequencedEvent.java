package io.snapledger.kafka;

import io.snapledger.events.DomainEvent;

/**
 * An event with its number in its domain's stream (from 0), which both the topic's consumers and
 * the publisher's own tree use to recognise an event delivered twice.
 */
record SequencedEvent(DomainEvent event, long aggregateSequence) {
}
