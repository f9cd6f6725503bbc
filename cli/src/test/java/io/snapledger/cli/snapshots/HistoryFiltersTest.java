package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.cli.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code history}'s filters on one history, made once on a clock the test holds: minute 0
 * define, 1 take s1, 2 take s2, 3 rename s2 to old, 4 delete old, 5 take s2 again (a new snapshot).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryFiltersTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final String ACTOR = System.getProperty("user.name");

    @TempDir
    static Path dir;

    private final TestClock clock = new TestClock(START);
    private Vm vm;

    @BeforeAll
    void history() {
        vm = Vm.qcow2(dir, "vda").clock(clock).define();
        step("snapshot-create", Vm.NAME, "--name", "s1");
        step("snapshot-create", Vm.NAME, "--name", "s2");
        step("snapshot-edit", Vm.NAME, "s2", "--rename", "old");
        step("snapshot-delete", Vm.NAME, "old");
        step("snapshot-create", Vm.NAME, "--name", "s2");
    }

    private void step(Object... command) {
        clock.advance(Duration.ofMinutes(1));
        vm.ok(command);
    }

    @Test
    void sinceAndUntilIncludeTheirBoundsAndTakeOffsets() {
        assertEquals(List.of("SnapshotStarted s2", "SnapshotCompleted s2", "SnapshotRenamed old"),
                milestones("history", Vm.NAME, "--since", "2026-11-22T11:02+01:00", "--until", minute(3)));
    }

    @Test
    void aDateAloneRunsToTheEndOfThatDay() {
        assertEquals(milestones("history", Vm.NAME), milestones("history", Vm.NAME, "--until", "2026-11-22"));
    }

    @Test
    void aDeletedAndRenamedSnapshotByAnyNameItHadShowsAllItsEvents() {
        List<String> firstS2 = List.of("SnapshotStarted s2", "SnapshotCompleted s2", "SnapshotRenamed old",
                "DeletionStarted old", "SnapshotDeleted old");

        assertEquals(firstS2, milestones("history", Vm.NAME, "--snapshot", "old"));
        // its number: the second snapshot ever taken
        assertEquals(firstS2, milestones("history", Vm.NAME, "--snapshot", "2"));
    }

    @Test
    void aNameInUseNamesTheLiveSnapshot() {
        assertEquals(List.of("SnapshotStarted s2", "SnapshotCompleted s2"),
                milestones("history", Vm.NAME, "--snapshot", "s2", "--since", minute(5)));
        assertEquals(List.of("SnapshotStarted s2", "SnapshotCompleted s2"),
                milestones("history", Vm.NAME, "--snapshot", "s2"));
    }

    @Test
    void byActor() {
        assertEquals(milestones("history", Vm.NAME), milestones("history", "--actor", ACTOR));
        assertEquals(List.of(), milestones("history", "--actor", "nobody-" + ACTOR));
    }

    @Test
    void aSnapshotNeverSeenAndBadTimesAreRefused() {
        assertEquals("snapledger: domain vm never had a snapshot 'nosuch' (by name, UUID or number); see its "
                + "events with 'snapledger history vm'", vm.cli("history", Vm.NAME, "--snapshot", "nosuch")
                .singleErrorLine(1));
        assertTrue(vm.cli("history", "--since", "soon").singleErrorLine(2)
                .startsWith("snapledger: --since soon: not a time; use "));
        assertEquals("snapledger: --since " + minute(3) + " is after --until " + minute(2),
                vm.cli("history", "--since", minute(3), "--until", minute(2)).singleErrorLine(2));
    }

    /** Each event's type and its snapshot's name as the event saw it, without each device's part. */
    private List<String> milestones(Object... command) {
        JsonNode history = vm.json(append(command, "--json"));
        List<String> events = new ArrayList<>();
        history.forEach(e -> events.add(e.get("type").asText()
                + (e.get("snapshot").isNull() ? "" : " " + e.get("snapshot").asText())));
        return events.stream().filter(e -> !e.startsWith("Device") && !e.startsWith("DomainDefined")).toList();
    }

    private static Object[] append(Object[] command, Object more) {
        Object[] args = java.util.Arrays.copyOf(command, command.length + 1);
        args[command.length] = more;
        return args;
    }

    private static String minute(int n) {
        return START.plus(Duration.ofMinutes(n)).toString();
    }
}
