package io.snapledger.cli.live;

import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live domains: attached to a QEMU over QMP, or started by snapledger; what {@code domains} says of each. */
class LiveDomainStateTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopQemus() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        Path pid = dir.resolve("home/qemu/m/qemu.pid");
        if (Files.exists(pid)) { // a QEMU snapledger started: kill it if a failed test left it running
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).filter(p -> p.info().command()
                    .map(c -> c.contains("qemu")).orElse(false)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Cli.Result cli(Object... args) {
        List<Object> all = new ArrayList<>(List.of("--home", dir.resolve("home")));
        all.addAll(List.of(args));
        return Cli.run(all.toArray());
    }

    private String stateOf(String domain) {
        for (String line : cli("domains").ok().out().split("\n")) {
            String[] cols = line.trim().split("\\s{2,}");
            if (cols[0].equals(domain)) {
                return cols[1];
            }
        }
        throw new AssertionError("no domain " + domain + " in 'domains'");
    }

    @Test
    void anAttachedDomainIsRunningWhileItsQemuAnswersAndShutOffOnceItQuit() throws Exception {
        GuestVm vm = GuestVm.start(dir, "vda", "vdb");
        started.add(vm);
        List<Object> define = new ArrayList<>(List.of("define", "vm", "--qmp", vm.productSocket()));
        define.addAll(List.of(vm.diskArgs()));
        assertTrue(cli(define.toArray()).ok().out().contains("live at " + vm.productSocket()));
        assertEquals("running", stateOf("vm"));

        vm.qmp().execute("stop");
        assertEquals("paused", stateOf("vm"));
        cli("shutdown", "vm").ok();
        assertEquals("shut off", stateOf("vm"));
        for (Path image : vm.disks.values()) {
            Qemu.assertClean(image);
        }
    }

    @Test
    void aDiskTheQemuDoesNotHaveOpenIsAOneLineErrorAndNothingIsDefined() throws Exception {
        GuestVm vm = GuestVm.start(dir, "vda");
        started.add(vm);
        Path other = dir.resolve("other.qcow2");
        Qemu.create(other, "16M");
        String error = cli("define", "vm", "--qmp", vm.productSocket(), "--disk", "vda=" + other).singleErrorLine(1);
        assertTrue(error.contains("disk vda=" + other + " is not open in the QEMU of domain vm, which has vda="
                + vm.disks.get("vda")), error);
        error = cli("define", "vm", "--qmp", vm.productSocket(), "--disk", "vda=" + vm.disks.get("vda"),
                "--disk", "vdb=" + other).singleErrorLine(1);
        assertTrue(error.contains("disk vdb=" + other + " is not open"), error);
        assertFalse(cli("domains").ok().out().contains("vm "), "nothing was defined");
    }

    @Test
    void startShutdownAndDestroyChangeWhatDomainsShows() throws Exception {
        Path image = dir.resolve("m-vda.qcow2");
        Qemu.create(image, "16M");
        cli("define", "m", "--emulator", "--disk", "vda=" + image).ok();
        assertEquals("shut off", stateOf("m"));
        cli("start", "m").ok();
        assertEquals("running", stateOf("m"));
        assertTrue(Files.exists(dir.resolve("home/qemu/m/control.qmp")));
        assertTrue(cli("start", "m").singleErrorLine(1).contains("domain m is already running"));
        cli("shutdown", "m").ok();
        assertEquals("shut off", stateOf("m"));
        Qemu.assertClean(image);

        cli("start", "m", "--paused").ok();
        assertEquals("paused", stateOf("m"));
        cli("destroy", "m").ok();
        assertEquals("shut off", stateOf("m"));
        assertTrue(cli("destroy", "m").singleErrorLine(1).contains("domain m is not running"));
    }
}
