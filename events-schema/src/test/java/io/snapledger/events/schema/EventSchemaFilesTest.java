package io.snapledger.events.schema;

import io.snapledger.events.EventTypes;
import io.snapledger.events.PinnedFiles;
import io.snapledger.events.RegisteredEventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Keeps the committed schema files in step with the records. */
class EventSchemaFilesTest {

    static final String REGENERATE = "snapledger.regenerate.schemas";

    private static final Pattern SCHEMA_PATH = Pattern.compile("v(\\d+)/([A-Za-z0-9]+)\\.schema\\.json");

    private final EventSchemaGenerator generator = new EventSchemaGenerator();

    static List<RegisteredEventType> eventTypes() {
        return EventTypes.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void committedSchemaIsWhatTheGeneratorProducesNow(RegisteredEventType type) {
        PinnedFiles.assertPinned(EventSchemaGenerator.schemaFile(type), generator.schemaText(type), REGENERATE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void schemaIsShippedOnTheClasspath(RegisteredEventType type) throws IOException {
        try (InputStream in = RegisteredEventType.class.getResourceAsStream(type.schemaResource())) {
            assertNotNull(in, type.schemaResource() + " is not on the classpath");
        }
    }

    /** Files of older revisions stay, for readers of old payloads; files of no known event do not. */
    @Test
    void everySchemaFileBelongsToAKnownEventRevision() throws IOException {
        try (Stream<Path> files = Files.walk(EventSchemaGenerator.schemaDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = EventSchemaGenerator.schemaDir().relativize(file).toString().replace('\\', '/');
                Matcher matcher = SCHEMA_PATH.matcher(relative);
                if (!matcher.matches()) {
                    fail("unexpected file in schemas/: " + relative);
                }
                int revision = Integer.parseInt(matcher.group(1));
                RegisteredEventType type = EventTypes.findByName(matcher.group(2))
                        .orElseThrow(() -> new AssertionError("schema of unknown event type: " + relative));
                assertTrue(revision >= 1 && revision <= type.revision(),
                        relative + " is for a revision " + type.name() + " does not have");
            }
        }
    }
}
