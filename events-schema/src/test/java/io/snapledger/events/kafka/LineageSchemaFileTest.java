package io.snapledger.events.kafka;

import io.snapledger.events.PinnedFiles;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.schema.EventSchemaGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The lineage topic's value: its committed schema follows the record and accepts what the mapper writes. */
class LineageSchemaFileTest {

    private static final String REGENERATE = "snapledger.regenerate.schemas";
    private final ObjectMapper mapper = EventJson.newMapper();

    static Path schemaFile() {
        return PinnedFiles.moduleDir().resolve("src/main/resources").resolve(KafkaContract.LINEAGE_SCHEMA_RESOURCE.substring(1));
    }

    static String schemaText() {
        ObjectNode schema = new EventSchemaGenerator().schemaOf(LineageNode.class, "LineageNode",
                "Value of a snapledger.lineage.v1 record (key: the snapshot UUID), revision 1. "
                        + "A null value (tombstone) means the snapshot no longer exists.");
        return PinnedFiles.pretty(EventJson.newMapper(), schema);
    }

    private static LineageNode sample() {
        return new LineageNode(UUID.fromString("7f1c1e36-39a4-4c38-9df6-0b1f0a9a0c01"), "vm", 2, "s2", null,
                UUID.fromString("7f1c1e36-39a4-4c38-9df6-0b1f0a9a0c00"),
                List.of(UUID.fromString("7f1c1e36-39a4-4c38-9df6-0b1f0a9a0c02")), LineageNode.State.READY,
                List.of(new LineageNode.Device("vda", DiskSnapshotMode.INTERNAL, "/images/vda.qcow2", ImageFormat.QCOW2,
                                null),
                        new LineageNode.Device("vdb", DiskSnapshotMode.EXTERNAL, "/images/vdb.qcow2", ImageFormat.QCOW2,
                                "/images/vdb.s2.qcow2")),
                MemoryMode.NO, null, Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:06Z"));
    }

    @Test
    void committedSchemaIsWhatTheGeneratorProducesNow() {
        PinnedFiles.assertPinned(schemaFile(), schemaText(), REGENERATE);
    }

    @Test
    void whatTheMapperWritesIsValidAndReadsBack() throws IOException {
        LineageNode node = sample();
        JsonNode json = mapper.valueToTree(node);
        List<Error> errors = shippedSchema().validate(json);
        assertEquals(List.of(), errors.stream().map(Error::getMessage).toList());
        assertEquals(node, mapper.treeToValue(json, LineageNode.class));
    }

    @Test
    void aValueWithAnUnknownStateIsInvalid() throws IOException {
        ObjectNode json = mapper.valueToTree(sample());
        json.put("state", "sleeping");
        assertFalse(shippedSchema().validate(json).isEmpty());
    }

    private com.networknt.schema.Schema shippedSchema() throws IOException {
        try (InputStream in = LineageNode.class.getResourceAsStream(KafkaContract.LINEAGE_SCHEMA_RESOURCE)) {
            assertNotNull(in, KafkaContract.LINEAGE_SCHEMA_RESOURCE + " is not on the classpath");
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(mapper.readTree(in));
        }
    }
}
