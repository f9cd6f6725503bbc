package io.snapledger.qmp;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * An asynchronous QMP event, e.g. {@code JOB_STATUS_CHANGE} with data {@code {id, status}}.
 *
 * @param data the event's {@code data} object, or an empty object when it had none
 * @param timestamp QEMU's own clock at emission (seconds + microseconds)
 */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {
    /** The text field {@code key} of the data, or null. */
    public String text(String key) {
        JsonNode v = data.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    public boolean is(String eventName) {
        return name.equals(eventName);
    }
}
