package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Domains listed and undefined; the audit history of every event, who caused it, and its filters. */
class DomainsAndHistoryTest {
    private static final String ACTOR = System.getProperty("user.name");

    @TempDir
    Path dir;

    @Test
    void historyListsEveryEventOfEveryOperationWithItsActorAndOutlivesTheDomain() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        Instant start = Instant.now();
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        vm.ok("snapshot-revert", Vm.NAME, "s1");
        vm.ok("snapshot-edit", Vm.NAME, "s2", "--rename", "s2b");
        vm.ok("snapshot-delete", Vm.NAME, "s2b");

        JsonNode history = vm.json("history", Vm.NAME, "--json");
        // each operation's milestones, and between them what each of the two devices did
        assertEquals(List.of("DomainDefined",
                "SnapshotStarted s1", "SnapshotCompleted s1", "SnapshotStarted s2", "SnapshotCompleted s2",
                "RevertStarted s1", "RevertCompleted s1", "SnapshotRenamed s2b", "DeletionStarted s2b",
                "SnapshotDeleted s2b"), milestones(events(history)));
        for (String deviceEvent : List.of("DeviceSnapshotPrepared s1", "DeviceSnapshotPrepared s2",
                "DeviceReverted s1", "DeviceSnapshotDiscarded s2b")) {
            assertEquals(2, events(history).stream().filter(deviceEvent::equals).count(), deviceEvent);
        }
        history.forEach(e -> assertEquals(ACTOR, e.get("actor").asText(), e.toString()));
        String s2 = history.get(events(history).indexOf("SnapshotStarted s2")).get("snapshotUuid").asText();

        String text = vm.ok("history", Vm.NAME);
        String[] lines = text.split("\n");
        assertEquals(history.size(), lines.length, text);
        String completed = lines[events(history).indexOf("SnapshotCompleted s1")];
        assertTrue(completed.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [+-]\\d{4}  vm  "
                + "SnapshotCompleted +s1 +[0-9a-f-]{36}  " + ACTOR + "  -"), text);

        // filters: a deleted snapshot by its UUID, an actor, a time range
        assertEquals(List.of("SnapshotStarted s2", "SnapshotCompleted s2", "SnapshotRenamed s2b",
                "DeletionStarted s2b", "SnapshotDeleted s2b"),
                milestones(events(vm.json("history", "--snapshot", s2, "--json"))));
        assertEquals(List.of("SnapshotStarted s1", "SnapshotCompleted s1", "RevertStarted s1", "RevertCompleted s1"),
                milestones(events(vm.json("history", Vm.NAME, "--snapshot", "s1", "--json"))));
        assertEquals(0, vm.json("history", "--actor", "nobody-" + ACTOR, "--json").size());
        assertEquals(history.size() - 1, vm.json("history", "--since", start.toString(), "--json").size());
        assertEquals(1, vm.json("history", "--until", start.toString(), "--json").size());

        // domains: one a row, then undefine, refused while snapshots remain
        Qemu.create(dir.resolve("other.qcow2"), "16M");
        vm.ok("define", "other", "--disk", "vdz=" + dir.resolve("other.qcow2"));
        List<String[]> rows = Vm.rows(vm.ok("domains"));
        assertEquals(List.of("other", "vm"), Vm.column(rows, 0));
        assertEquals(List.of("0", "1"), Vm.column(rows, 2));
        assertEquals(List.of("-", "s1"), Vm.column(rows, 3));
        JsonNode domains = vm.json("domains", "--json");
        assertEquals(vm.disk("vdb").toString(), domains.get(1).get("devices").get(1).get("file").asText());
        assertEquals("qcow2", domains.get(1).get("devices").get(1).get("format").asText());

        assertEquals("snapledger: domain vm still has 1 snapshot(s); delete them first (snapshot-delete --metadata "
                + "forgets one and keeps the images)", vm.cli("undefine", Vm.NAME).singleErrorLine(1));
        vm.ok("snapshot-delete", Vm.NAME, "s1", "--metadata");
        assertEquals("Domain vm has been undefined\n", vm.ok("undefine", Vm.NAME));
        assertEquals(List.of("other"), Vm.column(Vm.rows(vm.ok("domains")), 0));
        assertEquals("snapledger: domain vm is not defined; define it with 'snapledger define vm --disk NAME=PATH'",
                vm.cli("snapshot-list", Vm.NAME).singleErrorLine(1));
        JsonNode after = vm.json("history", Vm.NAME, "--json");
        assertEquals("DomainUndefined", after.get(after.size() - 1).get("type").asText());
        assertEquals("snapledger: domain nosuch is not defined; define it with "
                        + "'snapledger define nosuch --disk NAME=PATH'",
                vm.cli("history", "nosuch").singleErrorLine(1));
    }

    /** The events that start and end operations or edit the tree, without each device's part. */
    private static List<String> milestones(List<String> events) {
        return events.stream().filter(e -> !e.startsWith("Device")).toList();
    }

    /** Each event's type, and the snapshot's name as the event saw it. */
    private static List<String> events(JsonNode history) {
        List<String> events = new ArrayList<>();
        history.forEach(e -> events.add(e.get("type").asText()
                + (e.get("snapshot").isNull() ? "" : " " + e.get("snapshot").asText())));
        return events;
    }
}
