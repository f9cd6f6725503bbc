package io.snapledger.events.json;

import io.snapledger.events.model.Require;

/**
 * An event as it travels: the JSON payload with its type name and revision beside it, never
 * inside it (Axon's serialized type and revision; the Kafka {@code type} and
 * {@code schema-version} headers).
 */
public record SerializedEvent(String typeName, int revision, String json) {

    public SerializedEvent {
        Require.nonBlank(typeName, "typeName");
        if (revision < 0) {
            throw new IllegalArgumentException("revision of " + typeName + " must not be negative, was " + revision);
        }
        Require.nonBlank(json, "json");
    }
}
