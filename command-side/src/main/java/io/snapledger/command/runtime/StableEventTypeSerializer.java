package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Jackson serialization that stores events under their stable {@link io.snapledger.events.EventType}
 * name and revision ({@code SnapshotStarted}, {@code 1}) instead of Axon's default, the Java class
 * name, so event records can move or be renamed without breaking stored history. Everything that is
 * not an event (metadata, commands) keeps its class name as its type.
 *
 * <p>A stored type that looks like an event name but is not registered is an error, never skipped:
 * the command side must not rebuild an aggregate from part of its history.
 */
final class StableEventTypeSerializer extends JacksonSerializer {

    /** Event names are single UpperCamelCase words; class names always contain a dot. */
    private static final Pattern EVENT_TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    StableEventTypeSerializer(ObjectMapper mapper) {
        super(JacksonSerializer.builder().objectMapper(mapper));
    }

    /** Names already judged: a store holds few distinct types, and a rebuild asks for every event. */
    private static final Map<String, Boolean> JUDGED = new ConcurrentHashMap<>();

    static boolean isEventTypeName(String serializedTypeName) {
        return JUDGED.computeIfAbsent(serializedTypeName, name -> EVENT_TYPE_NAME.matcher(name).matches());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        Class<?> candidate = type;
        if (candidate != null && candidate.isRecord() && DomainEvent.class.isAssignableFrom(candidate)) {
            RegisteredEventType event = EventTypes.of(candidate.asSubclass(DomainEvent.class));
            return new SimpleSerializedType(event.name(), Integer.toString(event.revision()));
        }
        return super.typeForClass(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        if (isEventTypeName(type.getName())) {
            return EventTypes.byName(type.getName()).javaType();
        }
        return super.classForType(type);
    }
}
