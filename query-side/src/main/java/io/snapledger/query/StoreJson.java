package io.snapledger.query;

import io.snapledger.events.json.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;

/**
 * The JSON of stored values: the events' own mapper configuration (ISO-8601 times, unknown
 * properties ignored so an older reader survives a newer writer's additions).
 */
final class StoreJson {

    /**
     * Shared by every store of the process: a mapper builds its serializers on first use, and a
     * store is opened for each run of a query node's feed and each --as-of answer.
     */
    private static final ObjectMapper MAPPER = EventJson.newMapper();
    private static final ObjectReader NODE_READER = MAPPER.readerFor(SnapshotNode.class);
    private final String storeName;

    /** @param storeName names the store in error messages */
    StoreJson(String storeName) {
        this.storeName = storeName;
    }

    ObjectMapper mapper() {
        return MAPPER;
    }

    byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new ProjectionException(storeName + ": cannot write " + value.getClass().getSimpleName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    SnapshotNode node(byte[] json) {
        try {
            return NODE_READER.readValue(json);
        } catch (IOException e) {
            throw unreadable("snapshot node", e);
        }
    }

    <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw unreadable(type.getSimpleName(), e);
        }
    }

    JsonNode tree(byte[] json) {
        return tree(json, 0, json.length);
    }

    /** The JSON of {@code length} bytes from {@code offset}. */
    JsonNode tree(byte[] json, int offset, int length) {
        try {
            return MAPPER.readTree(json, offset, length);
        } catch (IOException e) {
            throw unreadable("JSON value", e);
        }
    }

    private ProjectionException unreadable(String what, IOException e) {
        return new ProjectionException(storeName + ": cannot read stored " + what + ": " + e.getMessage(), e);
    }
}
