package io.snapledger.command.runtime;

import io.snapledger.events.json.EventJson;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The three serializers of the runtime, all Jackson (Axon's XML default breaks on Java 17 and
 * is excluded from the build), none with Jackson's default typing: stored JSON never names a class
 * to instantiate, only Axon's serialized type column does.
 *
 * <ul>
 *   <li>{@link #events()}: events and messages, under stable event type names, with the mapper
 *       settings of {@link EventJson#newMapper()} so stored payloads match the schema files;</li>
 *   <li>{@link #general()}: tracking tokens and anything else Axon stores, by class name;</li>
 *   <li>{@link #state()}: saga state and aggregate state checkpoints. Those classes keep their
 *       state in private fields without getters, so this mapper reads and writes fields, and
 *       only fields (transient ones excluded: sagas keep injected resources there).</li>
 * </ul>
 * Each call builds a new instance: Axon's serializer registers its modules on the mapper it gets.
 */
final class RuntimeSerializers {

    private RuntimeSerializers() {
    }

    static Serializer events() {
        return new StableEventTypeSerializer(EventJson.newMapper());
    }

    static Serializer general() {
        return JacksonSerializer.builder().objectMapper(EventJson.newMapper()).build();
    }

    static Serializer state() {
        ObjectMapper fields = EventJson.newMapper()
                .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(fields).build();
    }
}
