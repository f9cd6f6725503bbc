package io.snapledger.events.json;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.model.Require;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON mapping of events: the one place that turns a {@link DomainEvent} into its wire form
 * and back. Thread-safe; make one and share it.
 *
 * <p>The payload is the record's components as JSON properties, in declaration order, with
 * nulls written out. The type name and revision travel beside the payload ({@link SerializedEvent}),
 * never inside it, so Java class names never reach the wire. Golden files and schema files under
 * test pin the exact shape of every event.
 *
 * <p>Compatibility: unknown properties are ignored, so a reader survives a newer producer that
 * only added properties. An older revision is upcast before it is read. A revision newer than
 * this reader knows is read as the current one, on the same additive assumption; a change that
 * is not additive must be read through upcasters by up-to-date readers only.
 */
public final class EventJson {

    private final ObjectMapper mapper;
    private final EventUpcasterChain upcasters;
    /** One reader per event class: making one looks its deserializer up again, per event of a replay. */
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };

    public EventJson(EventUpcasterChain upcasters) {
        this.upcasters = Require.nonNull(upcasters, "upcasters");
        this.mapper = newMapper();
    }

    /**
     * The mapping with every production upcaster, one instance per process: each mapper builds its
     * deserializers anew on first use. Register new upcasters in {@link EventUpcasterChain#standard()}.
     */
    public static EventJson standard() {
        return Standard.INSTANCE;
    }

    /** Made on first use, by the class loader's lock. */
    private static final class Standard {
        static final EventJson INSTANCE = new EventJson(EventUpcasterChain.standard());
    }

    /**
     * A fresh mapper configured for events and commands: java.time as ISO-8601 strings (instants
     * read by {@link UtcInstantDeserializer} and written by {@link UtcInstantSerializer}), UUIDs
     * read by {@link CanonicalUuidDeserializer}, unknown properties ignored, no default typing (type
     * names travel beside the payload).
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("event-scalars")
                        .addDeserializer(Instant.class, new UtcInstantDeserializer())
                        .addDeserializer(UUID.class, new CanonicalUuidDeserializer())
                        .addSerializer(Instant.class, new UtcInstantSerializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /**
     * This instance's mapper, shared: do not reconfigure it; take {@link ObjectMapper#copy()} or
     * {@link #newMapper()} for a variant.
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    public SerializedEvent serialize(DomainEvent event) {
        RegisteredEventType type = EventTypes.of(Require.nonNull(event, "event"));
        return new SerializedEvent(type.name(), type.revision(), write(event));
    }

    /** The JSON payload alone; take the type name and revision from {@link EventTypes#of(DomainEvent)}. */
    public String write(DomainEvent event) {
        try {
            return mapper.writeValueAsString(Require.nonNull(event, "event"));
        } catch (JsonProcessingException e) {
            throw new EventSerializationException("cannot write " + EventTypes.of(event).name() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The JSON payload as UTF-8 bytes, e.g. for a Kafka record value. */
    public byte[] writeBytes(DomainEvent event) {
        return write(event).getBytes(StandardCharsets.UTF_8);
    }

    public DomainEvent read(SerializedEvent serialized) {
        return read(serialized.typeName(), serialized.revision(), serialized.json());
    }

    /**
     * Reads UTF-8 payload bytes as {@link #read(String, int, String)} does. A payload at the current
     * revision (or newer) is mapped straight from the bytes to the record, without the JSON tree
     * an upcaster needs: replays read every stored event through here.
     */
    public DomainEvent read(String typeName, int revision, byte[] json) {
        Require.nonNull(json, "json");
        RegisteredEventType type = EventTypes.byName(typeName);
        if (revision < type.revision() || !startsAsObject(json)) {
            return read(typeName, revision, new String(json, StandardCharsets.UTF_8));
        }
        try {
            return readers.get(type.javaType()).readValue(json);
        } catch (StreamReadException e) {
            throw new EventSerializationException("cannot parse " + typeName + " revision " + revision + ": "
                    + rootMessage(e), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventSerializationException("cannot read " + typeName + " revision " + revision + ": "
                    + rootMessage(e), e);
        }
    }

    /** Whether the first byte that is not JSON whitespace opens an object; anything else gets the tree path's message. */
    private static boolean startsAsObject(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * Reads a payload stored at any revision: upcasts it to the current revision, then maps it.
     *
     * @throws io.snapledger.events.UnknownEventTypeException if the type name is not known
     * @throws EventSerializationException                    if the payload cannot be read as that type
     */
    public DomainEvent read(String typeName, int revision, String json) {
        RegisteredEventType type = EventTypes.byName(typeName);
        String where = typeName + " revision " + revision;
        ObjectNode payload = parseObject(json, where);
        if (revision < type.revision()) {
            payload = upcasters.upcast(typeName, revision, type.revision(), payload);
        }
        try {
            return mapper.treeToValue(payload, type.javaType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventSerializationException("cannot read " + where + ": " + rootMessage(e), e);
        }
    }

    private ObjectNode parseObject(String json, String where) {
        JsonNode tree;
        try {
            tree = mapper.readTree(Require.nonNull(json, "json"));
        } catch (IOException e) {
            throw new EventSerializationException("cannot parse " + where + ": " + rootMessage(e), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new EventSerializationException("cannot read " + where + ": payload is not a JSON object");
        }
        return object;
    }

    /** Constructor checks fail deep inside Jackson; the record's own message is the useful one. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            return root.getMessage();
        }
        if (e instanceof JsonProcessingException processing) {
            return processing.getOriginalMessage();
        }
        return e.getMessage();
    }
}
