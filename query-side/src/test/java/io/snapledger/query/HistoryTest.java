package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.json.EventJson;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The audit history: every event in time order, filtered by domain, time, actor and snapshot. */
class HistoryTest {

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private final TestEvents web = new TestEvents("web01");
    private final TestEvents db = new TestEvents("db01");
    private final List<DomainEvent> fed = new ArrayList<>();

    /**
     * Both domains' clocks start together, so each second has one web01 and one db01 event:
     * web01 at :01 to :05, db01 at :01 to :04; bob does web01's last two.
     */
    @BeforeEach
    void givenTwoDomainsWorkingAtTheSameTime() {
        harness = new ProjectionHarness(directory);
        fed.addAll(List.of(web.defined(), db.defined(),
                web.started(uuid(1), "w1", null), db.started(uuid(11), "d1", null),
                web.completed(uuid(1)), db.completed(uuid(11)),
                web.actor("bob").started(uuid(2), "w2", uuid(1)), db.drift(),
                web.completed(uuid(2))));
        harness.feed(fed);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private List<String> history(HistoryQuery query) {
        return harness.queries().history(query).stream()
                .map(entry -> entry.domain() + ":" + entry.type() + "@" + entry.time().getEpochSecond() % 60)
                .toList();
    }

    private static Instant at(int second) {
        return TestEvents.START.plusSeconds(second);
    }

    @Test
    void everythingInTimeOrderAndEqualTimesByDomain() {
        assertEquals(List.of("db01:DomainDefined@1", "web01:DomainDefined@1",
                "db01:SnapshotStarted@2", "web01:SnapshotStarted@2",
                "db01:SnapshotCompleted@3", "web01:SnapshotCompleted@3",
                "db01:DriftDetected@4", "web01:SnapshotStarted@4",
                "web01:SnapshotCompleted@5"), history(HistoryQuery.everything()));
    }

    @Test
    void oneDomainNumberedInTheOrderItsEventsWereApplied() {
        List<HistoryEntry> entries = harness.queries().history(HistoryQuery.everything().domain("db01"));

        assertEquals(List.of("DomainDefined", "SnapshotStarted", "SnapshotCompleted", "DriftDetected"),
                entries.stream().map(HistoryEntry::type).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), entries.stream().map(HistoryEntry::sequence).toList());
    }

    @Test
    void fromAndToBothIncluded() {
        assertEquals(List.of("db01:SnapshotCompleted@3", "web01:SnapshotCompleted@3",
                "db01:DriftDetected@4", "web01:SnapshotStarted@4"),
                history(HistoryQuery.everything().from(at(3)).to(at(4))));
        assertEquals(List.of("web01:SnapshotStarted@4", "web01:SnapshotCompleted@5"),
                history(HistoryQuery.everything().domain("web01").from(at(4))));
        assertEquals(List.of("web01:DomainDefined@1"), history(HistoryQuery.everything().domain("web01").to(at(1))));
    }

    @Test
    void byActor() {
        assertEquals(List.of("web01:SnapshotStarted@4", "web01:SnapshotCompleted@5"),
                history(HistoryQuery.everything().actor("bob")));
    }

    @Test
    void bySnapshot() {
        assertEquals(List.of("web01:SnapshotStarted@2", "web01:SnapshotCompleted@3"),
                history(HistoryQuery.everything().snapshot(uuid(1))));
    }

    @Test
    void filtersCombine() {
        assertEquals(List.of("web01:SnapshotCompleted@5"),
                history(HistoryQuery.everything().domain("web01").actor("bob").snapshot(uuid(2)).from(at(5))));
        assertEquals(List.of(), history(HistoryQuery.everything().domain("db01").actor("bob")));
    }

    @Test
    void anEmptyTimeRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HistoryQuery.everything().from(at(5)).to(at(4)));
    }

    @Test
    void eachEntryReadsBackAsTheEventThatWasApplied() {
        EventJson json = EventJson.standard();
        List<DomainEvent> readBack = harness.queries().history(HistoryQuery.everything().domain("web01")).stream()
                .map(entry -> entry.toEvent(json)).toList();

        assertEquals(fed.stream().filter(event -> event.domain().equals("web01")).toList(), readBack);
    }
}
