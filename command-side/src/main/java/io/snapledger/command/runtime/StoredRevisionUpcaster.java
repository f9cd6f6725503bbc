package io.snapledger.command.runtime;

import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.json.EventUpcasterChain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Objects;
import java.util.Optional;

/**
 * Lets Axon read events stored at an older revision: hands their JSON to the events-schema
 * {@link EventUpcasterChain}, which brings it to the revision the event record reads today.
 * Upcasting stays in events-schema, in plain Jackson, where a downstream consumer without Axon
 * uses the same upcasters.
 */
final class StoredRevisionUpcaster extends SingleEventUpcaster {

    private final EventUpcasterChain chain;

    StoredRevisionUpcaster(EventUpcasterChain chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return outdated(representation.getType()).isPresent();
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        SerializedType stored = representation.getType();
        RegisteredEventType current = outdated(stored).orElseThrow();
        int storedRevision = Integer.parseInt(stored.getRevision());
        return representation.upcastPayload(
                new SimpleSerializedType(current.name(), Integer.toString(current.revision())),
                ObjectNode.class,
                payload -> chain.upcast(current.name(), storedRevision, current.revision(), payload));
    }

    /** The event type of a payload stored below its current revision; empty for anything else. */
    private static Optional<RegisteredEventType> outdated(SerializedType stored) {
        if (stored.getRevision() == null || !StableEventTypeSerializer.isEventTypeName(stored.getName())) {
            return Optional.empty();
        }
        return EventTypes.findByName(stored.getName())
                .filter(type -> Integer.parseInt(stored.getRevision()) < type.revision());
    }
}
