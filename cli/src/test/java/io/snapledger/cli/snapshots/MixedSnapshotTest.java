package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One snapshot internal on one disk and external on the other (beyond what libvirt allows), then
 * snapshots of part of the domain, reverts across both kinds, with every image checked.
 */
class MixedSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void internalAndExternalDevicesInOneSnapshotThenRevertsAcrossBoth() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        Path vda = vm.disk("vda");
        Path vdb = vm.disk("vdb");
        vm.write(vda, "write -P 0x51 0 1M");
        vm.write(vdb, "write -P 0x61 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");

        // s2: vda internal, vdb frozen under a new overlay that takes its writes from now on
        vm.write(vda, "write -P 0x52 1M 1M");
        vm.write(vdb, "write -P 0x62 1M 1M");
        Path vdaAtS2 = vm.content(vda);
        Path vdbAtS2 = vm.content(vdb);
        JsonNode s2 = vm.json("snapshot-create", Vm.NAME, "--name", "s2", "--disk-only",
                "--diskspec", "vdb,snapshot=external", "--json");
        Path overlay = dir.resolve("vdb.s2.qcow2");
        assertEquals(overlay.toString(), s2.get("devices").get(1).get("file").asText());
        assertEquals(vdb.toString(), s2.get("devices").get(1).get("image").asText());
        assertEquals(List.of("1:s1", "2:s2"), Vm.table(vda));
        assertEquals(List.of("1:s1"), Vm.table(vdb));
        assertEquals(List.of(), Vm.table(overlay));
        for (Path image : List.of(vda, vdb, overlay)) {
            Qemu.assertClean(image);
        }
        assertEquals(vdb.toString(), Qemu.info(overlay).get("full-backing-filename").asText());
        Vm.assertSameContent(vdaAtS2, vm.snapshotContent(vda, "s2"));
        Vm.assertSameContent(vdbAtS2, overlay);
        Vm.assertSameContent(vdbAtS2, vdb);
        assertEquals(overlay.toString(), vm.activeImage("vdb"));
        assertTrue(vm.ok("snapshot-info", Vm.NAME, "s2").contains("Location:       mixed\n"));
        String xml = vm.ok("snapshot-dumpxml", Vm.NAME, "s2");
        assertTrue(xml.contains("<disk name='vda' snapshot='internal'/>"), xml);
        assertTrue(xml.contains("<disk name='vdb' snapshot='external' type='file'>\n      <driver type='qcow2'/>\n"
                + "      <source file='" + overlay + "'/>\n    </disk>"), xml);

        // query-snapshots reads each device's active layer: vda's table, vdb's empty overlay
        JsonNode tables = vm.json("query-snapshots", Vm.NAME);
        assertEquals("vda", tables.get(0).get("device").asText());
        assertEquals(2, tables.get(0).get("snapshots").size());
        JsonNode entry = tables.get(0).get("snapshots").get(1);
        assertEquals("2", entry.get("id").asText());
        assertEquals("s2", entry.get("name").asText());
        assertEquals(s2.get("uuid").asText(), entry.get("uuid").asText());
        assertEquals(0, entry.get("vm-state-size").asLong());
        assertTrue(entry.has("date-sec") && entry.has("date-nsec") && entry.has("vm-clock-sec")
                && entry.has("vm-clock-nsec") && entry.has("parent-uuid"), entry.toString());
        assertEquals(overlay.toString(), tables.get(1).get("file").asText());
        assertEquals(0, tables.get(1).get("snapshots").size());

        // s3: vda only, internal; the overlay is left alone
        vm.write(vda, "write -P 0x53 2M 1M");
        vm.write(overlay, "write -P 0x63 2M 1M");
        Path vdaAtS3 = vm.content(vda);
        String overlayBefore = Vm.fingerprint(overlay);
        vm.ok("snapshot-create", Vm.NAME, "--name", "s3", "--diskspec", "vdb,snapshot=no");
        assertEquals(List.of("1:s1", "2:s2", "3:s3"), Vm.table(vda));
        assertEquals(overlayBefore, Vm.fingerprint(overlay));
        Vm.assertSameContent(vdaAtS3, vm.snapshotContent(vda, "s3"));
        for (Path image : List.of(vda, vdb, overlay)) {
            Qemu.assertClean(image);
        }
        assertTrue(vm.ok("snapshot-info", Vm.NAME, "s3").contains("Parent:         s2\n"));

        // revert to s2: vda's bytes from its entry; vdb gets a fresh overlay on the frozen image
        vm.write(vda, "write -P 0x54 0 3M");
        vm.write(overlay, "write -P 0x64 0 3M");
        Path overlayBeforeRevert = vm.content(overlay);
        assertEquals("", vm.ok("snapshot-revert", Vm.NAME, "s2"));
        Vm.assertSameContent(vdaAtS2, vda);
        Path fresh = Path.of(vm.activeImage("vdb"));
        assertNotEquals(overlay, fresh);
        assertEquals(dir, fresh.getParent());
        assertEquals(vdb.toString(), Qemu.info(fresh).get("full-backing-filename").asText());
        Vm.assertSameContent(vdb, fresh);
        Vm.assertSameContent(vdbAtS2, fresh);
        // the abandoned overlay keeps what the guest wrote after s2, as libvirt leaves it
        Vm.assertSameContent(overlayBeforeRevert, vm.content(overlay));
        for (Path image : List.of(vda, vdb, overlay, fresh)) {
            Qemu.assertClean(image);
        }
        assertEquals("s2\n", vm.ok("snapshot-current", Vm.NAME));

        // s1 lives inside vdb's frozen image: reverting to it would change what s2 is built on
        String refused = vm.cli("snapshot-revert", Vm.NAME, "s1").singleErrorLine(1);
        assertTrue(refused.contains("device vdb has moved to " + fresh), refused);
        Vm.assertSameContent(vdaAtS2, vda);
        assertEquals(fresh.toString(), vm.activeImage("vdb"));

        // vdb's frozen image holds s1 and two files read from it: merging it away is refused with what
        // to do instead; --metadata forgets s2
        String refusedMerge = vm.cli("snapshot-delete", Vm.NAME, "s2").singleErrorLine(1);
        assertTrue(refusedMerge.contains("internal snapshot") && refusedMerge.contains("--metadata"), refusedMerge);
        assertEquals(List.of("1:s1", "2:s2", "3:s3"), Vm.table(vda));
        vm.ok("snapshot-delete", Vm.NAME, "s2", "--metadata");
        assertEquals("s1\n", vm.ok("snapshot-parent", Vm.NAME, "s3"));
        for (Path image : List.of(vda, vdb, overlay, fresh)) {
            Qemu.assertClean(image);
        }
    }
}
