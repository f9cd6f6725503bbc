package io.snapledger.events.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code DeletionStarted} revision 1 had no {@code deviceLayers}: deletions then never removed an
 * external snapshot's files, so no device needed them.
 */
final class DeletionStartedRevision1Upcaster implements EventUpcaster {

    @Override
    public String typeName() {
        return "DeletionStarted";
    }

    @Override
    public int fromRevision() {
        return 1;
    }

    @Override
    public ObjectNode upcast(ObjectNode payload) {
        ObjectNode next = payload.objectNode();
        payload.fields().forEachRemaining(field -> {
            if (field.getKey().equals("meta")) {
                next.set("deviceLayers", payload.objectNode());
            }
            next.set(field.getKey(), field.getValue());
        });
        return next;
    }
}
