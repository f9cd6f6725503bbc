package io.snapledger.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable wire identity of an event record. The name travels beside the JSON payload (Axon's
 * serialized type, the Kafka {@code type} header), so a record can be renamed or moved without
 * breaking stored history. Never change a name once events of it were written.
 *
 * <p>Raise the revision whenever the payload's shape changes, and register an upcaster from the
 * previous revision (see {@code io.snapledger.events.json.EventUpcaster}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** The wire name: UpperCamelCase, a fact in the past tense, unique among all events. */
    String name();

    /** The payload's revision, starting at 1. */
    int revision();
}
