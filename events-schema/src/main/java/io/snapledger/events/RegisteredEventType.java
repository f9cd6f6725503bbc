package io.snapledger.events;

import io.snapledger.events.model.Require;

/**
 * One event type as it travels: its stable wire name, its current payload revision and the
 * record that holds it in this version of the code.
 */
public record RegisteredEventType(String name, int revision, Class<? extends DomainEvent> javaType) {

    public RegisteredEventType {
        Require.nonBlank(name, "name");
        if (revision < 1) {
            throw new IllegalArgumentException("revision of " + name + " must be at least 1, was " + revision);
        }
        Require.nonNull(javaType, "javaType");
    }

    /**
     * The classpath resource of this revision's JSON Schema (draft 2020-12), shipped in this
     * module's jar, e.g. {@code /schemas/v1/SnapshotStarted.schema.json}.
     */
    public String schemaResource() {
        return "/schemas/v" + revision + "/" + name + ".schema.json";
    }
}
