package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The home folder is lost: {@code define --import} brings the tree back from the images alone. */
class RebuildFromImagesTest {
    @TempDir
    Path dir;

    @Test
    void aLostHomeIsRebuiltWithTheSameUuidsParentsNamesAndNumbers() throws IOException {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.write(vm.disk("vda"), "write -P 0x11 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "base");
        vm.ok("snapshot-create", Vm.NAME, "--name", "upgrade");
        vm.ok("snapshot-create", Vm.NAME, "--name", "gone");
        vm.ok("snapshot-revert", Vm.NAME, "base");
        vm.ok("snapshot-create", Vm.NAME, "--name", "branch");
        vm.ok("snapshot-delete", Vm.NAME, "gone");
        Map<String, String> before = identities(vm.json("snapshot-list", Vm.NAME, "--json"));

        deleteTree(vm.home());
        String out = vm.ok("define", Vm.NAME, "--import", "--disk", "vda=" + vm.disk("vda"),
                "--disk", "vdb=" + vm.disk("vdb"));
        assertTrue(out.contains("3 snapshot(s) rebuilt"), out);

        assertEquals(before, identities(vm.json("snapshot-list", Vm.NAME, "--json")));
        assertEquals("No problems were found.", vm.ok("fsck", Vm.NAME).trim());
    }

    @Test
    void externalChainsAndTheirBranchesComeBackWithTheSameIdentities() throws IOException {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.write(vm.disk("vda"), "write -P 0x11 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.write(vm.disk("vda"), "write -P 0x22 1M 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "e1", "--disk-only",
                "--diskspec", "vda,snapshot=external,file=" + dir.resolve("vda.e1.qcow2"),
                "--diskspec", "vdb,snapshot=external,file=" + dir.resolve("vdb.e1.qcow2"));
        vm.write(dir.resolve("vda.e1.qcow2"), "write -P 0x33 2M 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        vm.ok("snapshot-create", Vm.NAME, "--name", "gone");
        vm.ok("snapshot-delete", Vm.NAME, "gone");
        vm.ok("snapshot-revert", Vm.NAME, "e1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s3");
        vm.ok("snapshot-create", Vm.NAME, "--name", "mixed", "--disk-only",
                "--diskspec", "vda,snapshot=external,file=" + dir.resolve("vda.mixed.qcow2"),
                "--diskspec", "vdb,snapshot=internal");
        Map<String, String> before = identities(vm.json("snapshot-list", Vm.NAME, "--json"));
        JsonNode mixedBefore = places(vm.json("snapshot-info", Vm.NAME, "mixed", "--json"));
        JsonNode domainBefore = vm.json("domains", "--json").get(0).get("devices");

        deleteTree(vm.home());
        String out = vm.ok("define", Vm.NAME, "--import",
                "--disk", "vda=" + domainBefore.get(0).get("file").asText(),
                "--disk", "vdb=" + domainBefore.get(1).get("file").asText());
        assertTrue(out.contains("5 snapshot(s) rebuilt"), out);

        assertEquals(before, identities(vm.json("snapshot-list", Vm.NAME, "--json")));
        assertEquals(mixedBefore, places(vm.json("snapshot-info", Vm.NAME, "mixed", "--json")));
        assertEquals(domainBefore, vm.json("domains", "--json").get(0).get("devices"));
        assertEquals("No problems were found.", vm.ok("fsck", Vm.NAME).trim());
        assertEquals(0, vm.cli("reconcile", Vm.NAME).exit());
    }

    /** Where each device's part lies; digests are recorded when a snapshot is taken, not when rebuilt. */
    private static JsonNode places(JsonNode info) {
        JsonNode devices = info.get("devices").deepCopy();
        devices.forEach(d -> ((com.fasterxml.jackson.databind.node.ObjectNode) d).remove("contentDigest"));
        return devices;
    }

    /** name → "uuid id parent" for every snapshot. */
    private static Map<String, String> identities(JsonNode list) {
        Map<String, String> ids = new TreeMap<>();
        for (JsonNode s : list) {
            ids.put(s.get("name").asText(), s.get("uuid").asText() + " " + s.get("id").asText() + " "
                    + s.get("parent").asText());
        }
        return ids;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
