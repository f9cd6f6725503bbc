package io.snapledger.command.runtime;

import io.snapledger.events.EditEvent.SnapshotRenamed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An aggregate with state checkpoints loads from its latest checkpoint instead of from all its events. */
class StateCheckpointTest {

    @TempDir
    Path home;

    @Test
    void afterARestartTheAggregateLoadsFromItsCheckpointWithItsWholeState() {
        RuntimeSettings everyFourEvents = TestRuntime.settings(home, 4);
        try (TestRuntime first = TestRuntime.start(everyFourEvents)) {
            first.define();
            first.take("a");
            first.take("b");
            first.take("c");
        }
        List<Map<String, String>> checkpoints = StoreTables.query(home,
                "SELECT aggregateIdentifier, sequenceNumber, payloadType FROM SnapshotEventEntry");
        assertEquals(List.of(Map.of("aggregateidentifier", "web01", "sequencenumber", "3",
                "payloadtype", TestDomain.class.getName())), checkpoints);

        try (TestRuntime second = TestRuntime.start(everyFourEvents)) {
            second.rename("a", "z");

            assertEquals(List.of(SnapshotRenamed.class), second.sourced.events().stream()
                    .<Class<?>>map(Object::getClass).toList(), "no event before the checkpoint was read again");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> second.take("c"));
            assertEquals("domain web01 already has a snapshot named 'c'; choose another name", refused.getMessage());
        }
    }
}
