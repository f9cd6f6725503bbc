package io.snapledger.events.json;

import io.snapledger.events.model.Require;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies upcasters one revision at a time, from a payload's stored revision up to the revision
 * the reader wants. A missing step is an error, never a silent skip: a payload read at the wrong
 * revision would be misread without anyone noticing.
 */
public final class EventUpcasterChain {

    private static final EventUpcasterChain NONE = new EventUpcasterChain(List.of());

    private final Map<Step, EventUpcaster> steps;

    public EventUpcasterChain(List<? extends EventUpcaster> upcasters) {
        Map<Step, EventUpcaster> byStep = new HashMap<>();
        for (EventUpcaster upcaster : Require.listOf(upcasters, "upcasters")) {
            Step step = new Step(upcaster.typeName(), upcaster.fromRevision());
            EventUpcaster clash = byStep.putIfAbsent(step, upcaster);
            if (clash != null) {
                throw new IllegalArgumentException("two upcasters for " + step.typeName() + " revision "
                        + step.fromRevision() + ": " + clash.getClass().getName() + " and "
                        + upcaster.getClass().getName());
            }
        }
        this.steps = Map.copyOf(byStep);
    }

    /**
     * Every production upcaster: the event store and every reader of stored or published JSON use
     * this chain. Register new upcasters here as revisions advance.
     */
    public static EventUpcasterChain standard() {
        return new EventUpcasterChain(List.of(new DeletionStartedRevision1Upcaster(),
                NullFieldBeforeMetaUpcaster.revertStartedRevision1(), NullFieldBeforeMetaUpcaster.deletionStartedRevision2()));
    }

    /** A chain without upcasters: every payload must already be at the wanted revision. */
    public static EventUpcasterChain none() {
        return NONE;
    }

    /**
     * Returns the payload at {@code toRevision}. The given node is not changed.
     *
     * @throws EventSerializationException if a step between the two revisions has no upcaster
     */
    public ObjectNode upcast(String typeName, int fromRevision, int toRevision, ObjectNode payload) {
        Require.nonNull(payload, "payload");
        if (fromRevision > toRevision) {
            throw new IllegalArgumentException("cannot upcast " + typeName + " down from revision "
                    + fromRevision + " to " + toRevision);
        }
        ObjectNode current = payload.deepCopy();
        for (int revision = fromRevision; revision < toRevision; revision++) {
            EventUpcaster upcaster = steps.get(new Step(typeName, revision));
            if (upcaster == null) {
                throw new EventSerializationException("no upcaster for " + typeName + " from revision "
                        + revision + " to " + (revision + 1) + "; cannot read revision " + fromRevision);
            }
            current = upcaster.upcast(current);
            if (current == null) {
                throw new IllegalStateException(upcaster.getClass().getName() + " returned null for "
                        + typeName + " revision " + revision);
            }
        }
        return current;
    }

    private record Step(String typeName, int fromRevision) {
    }
}
