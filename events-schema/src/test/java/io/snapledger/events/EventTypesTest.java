package io.snapledger.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTypesTest {

    /** Walks the sealed hierarchy on its own, so the registry's walk is not checked by itself. */
    private static List<Class<?>> leavesOf(Class<?> type) {
        List<Class<?>> leaves = new ArrayList<>();
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                leaves.addAll(leavesOf(permitted));
            }
        } else {
            leaves.add(type);
        }
        return leaves;
    }

    @Test
    void everyPermittedEventIsAnAnnotatedRecord() {
        for (Class<?> leaf : leavesOf(DomainEvent.class)) {
            assertTrue(leaf.isRecord(), leaf.getName() + " must be a record");
            assertNotNull(leaf.getAnnotation(EventType.class), leaf.getName() + " needs @EventType");
            assertTrue(leaf.getAnnotation(EventType.class).revision() >= 1, leaf.getName() + " revision");
        }
    }

    @Test
    void wireNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (Class<?> leaf : leavesOf(DomainEvent.class)) {
            String name = leaf.getAnnotation(EventType.class).name();
            assertTrue(names.add(name), "event type name " + name + " is used twice");
        }
    }

    @Test
    void registryHoldsExactlyTheSealedHierarchy() {
        Set<Class<?>> registered = new HashSet<>();
        EventTypes.all().forEach(type -> registered.add(type.javaType()));
        assertEquals(new HashSet<>(leavesOf(DomainEvent.class)), registered);
    }

    @Test
    void registryMapsNamesAndClassesBothWays() {
        for (RegisteredEventType type : EventTypes.all()) {
            assertSame(type, EventTypes.byName(type.name()));
            assertSame(type, EventTypes.of(type.javaType()));
        }
        RegisteredEventType started = EventTypes.byName("SnapshotStarted");
        assertEquals(SnapshotCreationEvent.SnapshotStarted.class, started.javaType());
        assertEquals(1, started.revision());
    }

    @Test
    void registryNamesEventInstances() {
        for (DomainEvent event : EventSamples.all()) {
            assertEquals(event.getClass(), EventTypes.of(event).javaType());
        }
    }

    @Test
    void unknownNameIsReportedByName() {
        UnknownEventTypeException e = assertThrows(UnknownEventTypeException.class,
                () -> EventTypes.byName("SnapshotExploded"));
        assertEquals("SnapshotExploded", e.typeName());
        assertTrue(EventTypes.findByName("SnapshotExploded").isEmpty());
    }

    @Test
    void allIsSortedByName() {
        List<String> names = EventTypes.all().stream().map(RegisteredEventType::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
    }
}
