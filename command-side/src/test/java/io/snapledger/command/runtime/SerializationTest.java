package io.snapledger.command.runtime;

import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.UnknownEventTypeException;
import io.snapledger.events.model.DeviceLocation;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jackson in every serializer slot, stable event type names, and state that round-trips field by field. */
class SerializationTest {

    @TempDir
    Path home;

    @Test
    void everySerializerOfTheRunningConfigurationIsJacksonAndNoXmlSerializerIsEverLoaded() throws Exception {
        try (TestRuntime runtime = TestRuntime.start(home)) {
            runtime.define();
            runtime.take("a");
            Configuration configuration = runtime.runtime.configuration();

            assertInstanceOf(JacksonSerializer.class, configuration.serializer());
            assertInstanceOf(StableEventTypeSerializer.class, configuration.eventSerializer());
            assertInstanceOf(StableEventTypeSerializer.class, configuration.messageSerializer());
        }
        String loaded = loadedClasses();
        assertTrue(loaded.contains(JacksonSerializer.class.getName()), "the listing names loaded classes");
        // Axon's XML serializer (its default, broken on Java 17) lives in this package: none of it may load
        assertFalse(loaded.contains("org.axonframework.serialization.xml."),
                "a class of Axon's XML serialization was loaded");
    }

    @Test
    void eventsTravelUnderTheirStableNameAndRevision() {
        Serializer events = RuntimeSerializers.events();

        assertEquals(new SimpleSerializedType("SnapshotStarted", "1"), events.typeForClass(SnapshotStarted.class));
        assertEquals(DomainDefined.class, events.classForType(new SimpleSerializedType("DomainDefined", "1")));
    }

    @Test
    void anythingElseKeepsItsClassNameAsItsType() {
        Serializer events = RuntimeSerializers.events();

        SerializedType metaData = events.typeForClass(MetaData.class);

        assertEquals(MetaData.class.getName(), metaData.getName());
        assertEquals(MetaData.class, events.classForType(metaData));
        MetaData read = events.deserialize(events.serialize(MetaData.with("traceId", "t-1"), byte[].class));
        assertEquals(MetaData.with("traceId", "t-1"), read);
    }

    @Test
    void anUnknownEventNameIsAnErrorNotASkippedEvent() {
        Serializer events = RuntimeSerializers.events();

        assertThrows(UnknownEventTypeException.class,
                () -> events.classForType(new SimpleSerializedType("SnapshotTeleported", "1")));
    }

    @Test
    void trackingTokensRoundTripIncludingTheOnesAReplayLeaves() {
        Serializer general = RuntimeSerializers.general();
        TrackingToken replay = ReplayToken.createReplayToken(
                GapAwareTrackingToken.newInstance(7, List.of(5L)), GapAwareTrackingToken.newInstance(2, List.of()));

        TrackingToken read = general.deserialize(general.serialize(replay, byte[].class));

        assertEquals(replay, read);
    }

    @Test
    void stateRoundTripsThroughPrivateFieldsWithRecordsInside() {
        Serializer state = RuntimeSerializers.state();
        KeptState kept = new KeptState("web01", List.of(DeviceLocation.internal("vda", "/images/vda.qcow2")),
                Map.of("a", UUID.fromString("0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c02")), new Object());

        SerializedObject<byte[]> stored = state.serialize(kept, byte[].class);
        KeptState read = state.deserialize(stored);

        assertEquals(KeptState.class.getName(), stored.getType().getName());
        assertEquals(kept.domain, read.domain);
        assertEquals(kept.locations, read.locations);
        assertEquals(kept.snapshots, read.snapshots);
        assertNull(read.injected, "transient fields are not state");
    }

    /** Like a saga or an aggregate: private fields, no getters, a resource in a transient field. */
    static final class KeptState {
        private String domain;
        private List<DeviceLocation> locations = new ArrayList<>();
        private Map<String, UUID> snapshots = new LinkedHashMap<>();
        private transient Object injected;

        private KeptState() {
        }

        KeptState(String domain, List<DeviceLocation> locations, Map<String, UUID> snapshots, Object injected) {
            this.domain = domain;
            this.locations = locations;
            this.snapshots = snapshots;
            this.injected = injected;
        }
    }

    /** Every class the JVM has loaded so far, as HotSpot's diagnostic command lists them. */
    private static String loadedClasses() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmClassHierarchy",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }
}
