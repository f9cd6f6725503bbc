package io.snapledger.events.json;

/** An event could not be written to or read from JSON; the message names the type and revision. */
public class EventSerializationException extends RuntimeException {

    public EventSerializationException(String message) {
        super(message);
    }

    public EventSerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
