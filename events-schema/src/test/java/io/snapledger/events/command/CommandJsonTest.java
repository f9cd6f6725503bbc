package io.snapledger.events.command;

import io.snapledger.events.json.EventJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands cross a bus (Axon's Jackson serializer, a saga's deadline store) with the same mapper. */
class CommandJsonTest {

    private final ObjectMapper mapper = EventJson.newMapper();

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
    void everyCommandIsARecordWithASample() {
        Set<Class<?>> sampled = new HashSet<>();
        CommandSamples.all().forEach(command -> sampled.add(command.getClass()));
        for (Class<?> leaf : leavesOf(DomainCommand.class)) {
            assertTrue(leaf.isRecord(), leaf.getName() + " must be a record");
            assertTrue(sampled.contains(leaf), "CommandSamples has no " + leaf.getSimpleName());
        }
    }

    @Test
    void everyCommandRoundTripsThroughJson() throws Exception {
        for (DomainCommand command : CommandSamples.all()) {
            String json = mapper.writeValueAsString(command);
            assertEquals(command, mapper.readValue(json, command.getClass()), json);
        }
    }

    /** Convenience accessors such as {@code device()} must not add properties to the payload. */
    @Test
    void onlyRecordComponentsAreWritten() throws Exception {
        for (DomainCommand command : CommandSamples.all()) {
            JsonNode tree = mapper.valueToTree(command);
            List<String> written = new ArrayList<>();
            tree.fieldNames().forEachRemaining(written::add);
            List<String> components = new ArrayList<>();
            for (var component : command.getClass().getRecordComponents()) {
                components.add(component.getName());
            }
            assertEquals(components, written, command.getClass().getSimpleName());
        }
    }

    @Test
    void deviceWorkCommandsNameTheirDevice() {
        for (DomainCommand command : CommandSamples.all()) {
            if (command instanceof DeviceWorkCommand work) {
                assertFalse(work.device().isBlank(), work.toString());
            }
        }
    }
}
