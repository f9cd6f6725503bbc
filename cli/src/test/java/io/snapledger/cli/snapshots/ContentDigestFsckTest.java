package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every snapshot's content digest is recorded when it is taken; fsck notices bytes changed since. */
class ContentDigestFsckTest {
    @TempDir
    Path dir;

    @Test
    void anInternalSnapshotsClustersChangedBehindOurBackAreReported() {
        Vm vm = Vm.qcow2(dir, "vda").define();
        vm.write(vm.disk("vda"), "write -P 0x11 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        assertEquals("No problems were found.", vm.ok("fsck", Vm.NAME).trim());

        // the cluster is shared by the active layer and s1: writing it in the file changes both
        long host = hostOffset(vm.disk("vda"), 0);
        Qemu.io(vm.disk("vda"), "raw", "write -P 0x99 " + host + " 512");

        Cli.Result fsck = vm.cli("fsck", Vm.NAME);
        assertEquals(1, fsck.exit());
        assertTrue(fsck.out().contains("snapshot s1 on device vda changed since it was taken"), fsck.out());
    }

    @Test
    void anExternalSnapshotsFrozenImageWrittenBehindOurBackIsReported() {
        Vm vm = Vm.qcow2(dir, "vda").define();
        vm.write(vm.disk("vda"), "write -P 0x11 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "e1", "--disk-only", "--diskspec", "vda,snapshot=external");
        assertEquals("No problems were found.", vm.ok("fsck", Vm.NAME).trim());

        vm.write(vm.disk("vda"), "write -P 0x22 64k 4k");

        Cli.Result fsck = vm.cli("fsck", Vm.NAME);
        assertEquals(1, fsck.exit());
        assertTrue(fsck.out().contains("snapshot e1 on device vda changed since it was taken"), fsck.out());
    }

    /** Where in the file the guest byte {@code guest} lies, as qemu-img map says. */
    static long hostOffset(Path image, long guest) {
        JsonNode map = Qemu.json(Qemu.img("map", "-U", "--output=json", image).ok().out());
        for (JsonNode extent : map) {
            long start = extent.get("start").asLong();
            if (guest >= start && guest < start + extent.get("length").asLong() && extent.has("offset")) {
                return extent.get("offset").asLong() + guest - start;
            }
        }
        throw new AssertionError("guest offset " + guest + " is not allocated in " + image);
    }
}
