package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.query.SnapshotProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replay}: the projection rebuilt from the event store is the one it replaced, byte for byte. */
class ReplayTest {
    @TempDir
    Path dir;

    @Test
    void aReplayRebuildsTheSameProjectionAlsoAfterItsDirectoryWasDeleted() throws IOException {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s3");
        vm.ok("snapshot-revert", Vm.NAME, "s1");
        vm.ok("snapshot-edit", Vm.NAME, "s3", "--rename", "s3b");
        vm.ok("snapshot-delete", Vm.NAME, "s2");
        String before = dump(vm);
        int events = vm.json("history", "--json").size();

        String replayed = vm.ok("replay");

        assertTrue(replayed.matches("replayed " + events + " events in \\d+\\.\\d\\d s \\(\\d+ events/s\\)\n"), replayed);
        assertEquals(before, dump(vm));
        JsonNode status = vm.json("status", "--json");
        assertEquals(events, status.get("events").asLong(), status.toString());
        assertEquals(events, status.get("projection").get("applied").asLong(), status.toString());
        assertEquals(0, status.get("projection").get("lag").asLong(), status.toString());

        deleteTree(vm.home().resolve("projection"));
        JsonNode json = vm.json("replay", "--json");

        assertEquals(events, json.get("events").asLong());
        assertTrue(json.get("eventsPerSecond").asLong() > 0, json.toString());
        assertEquals(before, dump(vm));
        assertEquals("s1\n", vm.ok("snapshot-current", Vm.NAME));
    }

    /** The canonical dump of the home's projection, read while no command runs. */
    private static String dump(Vm vm) {
        try (SnapshotProjection projection = SnapshotProjection.open(vm.home().resolve("projection"))) {
            return projection.dump();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
