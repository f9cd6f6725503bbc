package io.snapledger.events.json;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventSamples;
import io.snapledger.events.EventTypes;
import io.snapledger.events.PinnedFiles;
import io.snapledger.events.RegisteredEventType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the wire form of every event: the sample serializes to exactly its golden file, and the
 * golden file reads back to an equal record. A failure here means stored history or a consumer
 * would see a different payload: raise the revision and add an upcaster, or revert the change.
 */
class GoldenJsonTest {

    static final String REGENERATE = "snapledger.regenerate.golden";

    private final EventJson json = EventJson.standard();

    static List<RegisteredEventType> eventTypes() {
        return EventTypes.all();
    }

    static Path goldenFile(RegisteredEventType type) {
        return PinnedFiles.moduleDir().resolve("src/test/resources/golden")
                .resolve(type.name() + ".v" + type.revision() + ".json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void sampleWritesExactlyTheGoldenFile(RegisteredEventType type) {
        DomainEvent sample = EventSamples.of(type.javaType());
        PinnedFiles.assertPinned(goldenFile(type), PinnedFiles.pretty(json.mapper(), sample), REGENERATE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void goldenFileReadsBackToTheSample(RegisteredEventType type) {
        String golden = PinnedFiles.read(goldenFile(type));
        assertEquals(EventSamples.of(type.javaType()), json.read(type.name(), type.revision(), golden));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void compactFormRoundTrips(RegisteredEventType type) {
        DomainEvent sample = EventSamples.of(type.javaType());
        SerializedEvent serialized = json.serialize(sample);
        assertEquals(type.name(), serialized.typeName());
        assertEquals(type.revision(), serialized.revision());
        assertEquals(sample, json.read(serialized));
    }
}
