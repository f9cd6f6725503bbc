package io.snapledger.events;

/**
 * An event type name this code does not know: written by a newer producer, or misspelled.
 * A downstream consumer may choose to skip such events; the command side must not.
 */
public class UnknownEventTypeException extends RuntimeException {

    private final String typeName;

    public UnknownEventTypeException(String typeName) {
        super("unknown event type '" + typeName + "'; known types are listed by EventTypes.all()");
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }
}
