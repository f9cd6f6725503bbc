package io.snapledger.cli.snapshots;

import io.snapledger.core.EventOutlet;
import java.time.Clock;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.core.LocalLedger;
import io.snapledger.events.DomainEvent;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A domain's events as the event store holds them: the truth the Kafka topics are compared with. */
record StoredEvents(long sequence, DomainEvent event) {

    static List<StoredEvents> of(Path home, String domain) {
        List<StoredEvents> stored = new ArrayList<>();
        try (LocalLedger ledger = LocalLedger.open(home, Clock.systemUTC(), h -> EventOutlet.NONE, System.err)) {
            // from sequence 0: every event; without it Axon starts from the domain's state checkpoint
            DomainEventStream stream = ledger.runtime().eventStore().readEvents(domain, 0);
            while (stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                stored.add(new StoredEvents(message.getSequenceNumber(), (DomainEvent) message.getPayload()));
            }
        }
        return stored;
    }
}
