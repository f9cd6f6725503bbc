package io.snapledger.command.domain;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fields a Domain state checkpoint holds, pinned with its revision: a change to them fails
 * here until {@link Domain#STATE_REVISION} is raised and the lists below follow, so checkpoints
 * written by the Domain before are passed over rather than read into the new shape.
 */
class CheckpointShapeTest {

    private static final String REVISION_OF_THESE_SHAPES = "2";

    @Test
    void givenTheStateClasses_whenTheirFieldsAreListed_thenTheyAreTheShapeOfTheCurrentRevision() {
        assertEquals(REVISION_OF_THESE_SHAPES, Domain.STATE_REVISION);
        assertEquals(List.of("String name", "boolean defined", "boolean online", "QemuLink qemu",
                "java.util.Map<java.lang.String, io.snapledger.events.model.DeviceSpec> devices",
                "java.util.Map<java.util.UUID, io.snapledger.command.domain.SnapshotNode> snapshots",
                "UUID current", "long lastId", "Operation operation", "DeleteMode deletionMode"), shape(Domain.class),
                "Domain changed shape: raise Domain.STATE_REVISION and update this list");
        assertEquals(List.of("UUID uuid", "long id", "String name", "String description", "UUID parent",
                "State state", "MemoryPlan memory",
                "java.util.Map<java.lang.String, io.snapledger.events.model.DeviceLocation> locations",
                "Instant created"), shape(SnapshotNode.class),
                "SnapshotNode changed shape: raise Domain.STATE_REVISION and update this list");
        assertEquals(List.of("Kind kind", "UUID snapshotUuid", "UUID correlationId",
                "java.util.Set<java.lang.String> pending", "java.util.Set<java.lang.String> done",
                "java.util.Set<java.lang.String> ready",
                "java.util.Map<java.lang.String, java.lang.String> newActivePaths", "String failure"),
                shape(Operation.class), "Operation changed shape: raise Domain.STATE_REVISION and update this list");
    }

    /** The instance fields a checkpoint writes, in order, each with its type. */
    private static List<String> shape(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(field -> !Modifier.isStatic(field.getModifiers()) && !field.isSynthetic())
                .map(CheckpointShapeTest::describe)
                .toList();
    }

    private static String describe(Field field) {
        String type = field.getGenericType() instanceof Class<?> plain ? plain.getSimpleName()
                : field.getGenericType().getTypeName();
        return type + " " + field.getName();
    }
}
