package io.snapledger.events.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the stored JSON of one event type from one revision to the next, so records only ever
 * need to read the current revision. Upcasters work on JSON trees, never on old record classes:
 * old classes are not kept.
 *
 * <p>When an event's payload changes: raise {@link io.snapledger.events.EventType#revision()},
 * write an upcaster from the previous revision, test it with before/after JSON fixtures, and add
 * it to {@link EventUpcasterChain#standard()}. Keep the old schema file under its revision's folder.
 */
public interface EventUpcaster {

    /** The wire name of the event type this upcaster applies to. */
    String typeName();

    /** The revision this upcaster reads; it produces {@code fromRevision() + 1}. */
    int fromRevision();

    /**
     * Returns the payload at the next revision. May change and return the given node, which the
     * chain owns; must not return null.
     */
    ObjectNode upcast(ObjectNode payload);
}
