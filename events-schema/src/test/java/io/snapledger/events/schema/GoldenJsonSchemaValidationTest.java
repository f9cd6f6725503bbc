package io.snapledger.events.schema;

import io.snapledger.events.EventTypes;
import io.snapledger.events.PinnedFiles;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.json.EventJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every golden payload is valid against its committed schema, as a downstream consumer would check. */
class GoldenJsonSchemaValidationTest {

    private final ObjectMapper mapper = EventJson.newMapper();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static List<RegisteredEventType> eventTypes() {
        return EventTypes.all();
    }

    private Schema committedSchema(RegisteredEventType type) throws IOException {
        return registry.getSchema(mapper.readTree(EventSchemaGenerator.schemaFile(type).toFile()));
    }

    private JsonNode golden(RegisteredEventType type) throws IOException {
        Path file = PinnedFiles.moduleDir().resolve("src/test/resources/golden")
                .resolve(type.name() + ".v" + type.revision() + ".json");
        return mapper.readTree(file.toFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void goldenPayloadIsValid(RegisteredEventType type) throws IOException {
        List<Error> errors = committedSchema(type).validate(golden(type));
        assertEquals(List.of(), errors.stream().map(Error::getMessage).toList());
    }

    /** Guards against a schema that accepts anything, which would make the test above empty. */
    @Test
    void aPayloadMissingARequiredPropertyIsInvalid() throws IOException {
        RegisteredEventType started = EventTypes.byName("SnapshotStarted");
        ObjectNode payload = (ObjectNode) golden(started);
        payload.remove("snapshotUuid");
        ((ObjectNode) payload.get("memory")).put("mode", "sometimes");
        List<Error> errors = committedSchema(started).validate(payload);
        assertFalse(errors.isEmpty());
        assertEquals(2, errors.size(), errors.toString());
    }
}
