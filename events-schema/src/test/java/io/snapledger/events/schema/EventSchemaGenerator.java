package io.snapledger.events.schema;

import io.snapledger.events.EventTypes;
import io.snapledger.events.PinnedFiles;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.model.Nullable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Generates the JSON Schema of every event's current revision from the records and the same
 * mapper {@link EventJson} uses. The files are committed under {@code src/main/resources/schemas}
 * and shipped in the jar; {@link EventSchemaFilesTest} fails when they fall out of step.
 *
 * <p>Every property is required because every property is written, nulls included; a component
 * marked {@link Nullable} may be null. Additional properties are allowed, as readers ignore them.
 */
public final class EventSchemaGenerator {

    private final ObjectMapper mapper = EventJson.newMapper();
    private final SchemaGenerator generator;

    public EventSchemaGenerator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
                .with(Option.STANDARD_FORMATS);
        config.forTypesInGeneral()
                .withPropertySorter(Comparator.comparingInt(EventSchemaGenerator::componentIndex)
                        .thenComparing(MemberScope::getSchemaPropertyName));
        config.forFields()
                .withRequiredCheck(field -> true)
                .withNullableCheck(field -> field.getAnnotationConsideringFieldAndGetter(Nullable.class) != null)
                // Records refuse blank text; an empty string is the part of that a schema can say.
                .withStringMinLengthResolver(field -> field.getType().getErasedType() == String.class ? 1 : null);
        this.generator = new SchemaGenerator(config.build());
    }

    /** Properties in the order the payload writes them: the record's component order. */
    private static int componentIndex(MemberScope<?, ?> member) {
        RecordComponent[] components = member.getDeclaringType().getErasedType().getRecordComponents();
        for (int i = 0; components != null && i < components.length; i++) {
            if (components[i].getName().equals(member.getDeclaredName())) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    public static Path schemaDir() {
        return PinnedFiles.moduleDir().resolve("src/main/resources/schemas");
    }

    /** Where the schema of this type's current revision is committed. */
    public static Path schemaFile(RegisteredEventType type) {
        return schemaDir().resolve(type.schemaResource().substring("/schemas/".length()));
    }

    public ObjectNode schemaOf(RegisteredEventType type) {
        return schemaOf(type.javaType(), type.name(), "snapledger event " + type.name() + ", revision "
                + type.revision() + ". The type name and revision travel beside the payload, not in it.");
    }

    /** The schema of any record written with the events' mapper, e.g. a Kafka value that is not an event. */
    public ObjectNode schemaOf(Class<?> record, String title, String comment) {
        ObjectNode generated = generator.generateSchema(record);
        // Title and comment first, so a reader of the file sees what it describes.
        ObjectNode schema = mapper.createObjectNode();
        schema.set("$schema", generated.remove("$schema"));
        schema.put("title", title);
        schema.put("$comment", comment);
        schema.setAll(generated);
        return schema;
    }

    public String schemaText(RegisteredEventType type) {
        return PinnedFiles.pretty(mapper, schemaOf(type));
    }

    /** Rewrites every current schema file; the same as the test run with the regeneration property. */
    public static void main(String[] args) throws IOException {
        EventSchemaGenerator generator = new EventSchemaGenerator();
        for (RegisteredEventType type : EventTypes.all()) {
            Path file = schemaFile(type);
            Files.createDirectories(file.getParent());
            Files.writeString(file, generator.schemaText(type));
        }
    }
}
