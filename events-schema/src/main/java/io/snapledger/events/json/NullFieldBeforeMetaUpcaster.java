package io.snapledger.events.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A revision that added one nullable field, written just before {@code meta}: the older payload
 * reads as if the field were null. Used where the new field describes something the older
 * revision could not record (an operation through a running QEMU).
 */
final class NullFieldBeforeMetaUpcaster implements EventUpcaster {
    private final String typeName;
    private final int fromRevision;
    private final String field;

    NullFieldBeforeMetaUpcaster(String typeName, int fromRevision, String field) {
        this.typeName = typeName;
        this.fromRevision = fromRevision;
        this.field = field;
    }

    /** {@code RevertStarted} revision 1 had no {@code live}: every revert then changed the images itself. */
    static NullFieldBeforeMetaUpcaster revertStartedRevision1() {
        return new NullFieldBeforeMetaUpcaster("RevertStarted", 1, "live");
    }

    /** {@code DeletionStarted} revision 2 had no {@code liveTags}: every deletion then changed the images itself. */
    static NullFieldBeforeMetaUpcaster deletionStartedRevision2() {
        return new NullFieldBeforeMetaUpcaster("DeletionStarted", 2, "liveTags");
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public int fromRevision() {
        return fromRevision;
    }

    @Override
    public ObjectNode upcast(ObjectNode payload) {
        ObjectNode next = payload.objectNode();
        payload.fields().forEachRemaining(f -> {
            if (f.getKey().equals("meta")) {
                next.putNull(field);
            }
            next.set(f.getKey(), f.getValue());
        });
        return next;
    }
}
