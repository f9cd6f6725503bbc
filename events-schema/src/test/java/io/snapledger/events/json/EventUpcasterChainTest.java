package io.snapledger.events.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chain on its own, with a made-up event type whose upcasters append to a trail. */
class EventUpcasterChainTest {

    private static EventUpcaster step(String type, int from, UnaryOperator<ObjectNode> change) {
        return new EventUpcaster() {
            @Override
            public String typeName() {
                return type;
            }

            @Override
            public int fromRevision() {
                return from;
            }

            @Override
            public ObjectNode upcast(ObjectNode payload) {
                return change.apply(payload);
            }
        };
    }

    private static EventUpcaster trail(String type, int from) {
        return step(type, from, payload -> {
            payload.withArray("/trail").add(from + "->" + (from + 1));
            return payload;
        });
    }

    private static ObjectNode payload() {
        return JsonNodeFactory.instance.objectNode().put("domain", "web01");
    }

    @Test
    void appliesEachStepInOrderWhateverTheRegistrationOrder() {
        EventUpcasterChain chain = new EventUpcasterChain(List.of(
                trail("Example", 3), trail("Example", 1), trail("Other", 1), trail("Example", 2)));
        ObjectNode result = chain.upcast("Example", 1, 4, payload());
        assertEquals("[\"1->2\",\"2->3\",\"3->4\"]", result.get("trail").toString());
    }

    @Test
    void startsAtTheStoredRevision() {
        EventUpcasterChain chain = new EventUpcasterChain(List.of(trail("Example", 1), trail("Example", 2)));
        assertEquals("[\"2->3\"]", chain.upcast("Example", 2, 3, payload()).get("trail").toString());
    }

    @Test
    void theSameRevisionIsReturnedUnchanged() {
        ObjectNode input = payload();
        assertEquals(input, EventUpcasterChain.none().upcast("Example", 1, 1, input));
    }

    @Test
    void leavesTheCallersNodeAlone() {
        ObjectNode input = payload();
        new EventUpcasterChain(List.of(trail("Example", 1))).upcast("Example", 1, 2, input);
        assertEquals(payload(), input);
    }

    @Test
    void aMissingStepIsAnErrorNotASkip() {
        EventUpcasterChain chain = new EventUpcasterChain(List.of(trail("Example", 1), trail("Example", 3)));
        EventSerializationException e = assertThrows(EventSerializationException.class,
                () -> chain.upcast("Example", 1, 4, payload()));
        assertTrue(e.getMessage().contains("no upcaster for Example from revision 2 to 3"), e.getMessage());
    }

    @Test
    void twoUpcastersForOneStepAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new EventUpcasterChain(List.of(trail("Example", 1), trail("Example", 1))));
    }

    @Test
    void downcastingIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> EventUpcasterChain.none().upcast("Example", 2, 1, payload()));
    }

    @Test
    void anUpcasterMayReturnANewNode() {
        ObjectNode replacement = JsonNodeFactory.instance.objectNode().put("replaced", true);
        EventUpcasterChain chain = new EventUpcasterChain(List.of(step("Example", 1, payload -> replacement)));
        assertSame(replacement, chain.upcast("Example", 1, 2, payload()));
    }
}
