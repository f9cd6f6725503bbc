package io.snapledger.cli.live;

import io.snapledger.cli.Cli;
import io.snapledger.cli.reliability.ChildCli;
import io.snapledger.core.LocalLedger;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.ResumeOperation;
import io.snapledger.image.testing.Qemu;
import io.snapledger.qmp.JobInfo;
import io.snapledger.qmp.LiveBlock;
import io.snapledger.query.HistoryEntry;
import io.snapledger.query.HistoryQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.snapledger.cli.live.GuestVm.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snapledger killed (SIGKILL) at the moment its QEMU job was started: QEMU runs the job on; the
 * next snapledger finds it in query-jobs, waits for its end, and finishes the operation whole
 * (a take undone on every disk, a revert loaded again).
 */
class LiveKillTest {
    @TempDir
    Path dir;
    private GuestVm vm;
    private Process child;

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
        if (vm != null) {
            vm.close();
        }
    }

    private Path home() {
        return dir.resolve("home");
    }

    private Cli.Result cli(Object... args) {
        List<Object> all = new ArrayList<>(List.of("--home", home()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray());
    }

    private void defineLive() throws Exception {
        vm = GuestVm.start(dir, "vda", "vdb");
        List<Object> define = new ArrayList<>(List.of("define", "vm", "--qmp", vm.productSocket()));
        define.addAll(List.of(vm.diskArgs()));
        cli(define.toArray()).ok();
    }

    /** Runs the command in a child snapledger and kills it when its trace says the QEMU job went in; QEMU's view of the job then. */
    private String killAtJob(String jobPrefix, String... command) throws Exception {
        child = ChildCli.start(home(), command);
        long[] at = {0};
        CountDownLatch started = ChildCli.watchForMarker(child, at, "snapledger-trace: live step " + jobPrefix);
        assertTrue(started.await(60, TimeUnit.SECONDS), "the child never started its QEMU job");
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        return new LiveBlock(vm.qmp()).jobs().list().stream().filter(j -> j.id().startsWith(jobPrefix))
                .map(JobInfo::status).findFirst().orElse("gone");
    }

    /** Opens the home again (which finishes what was in flight) and returns the domain's event types. */
    private List<String> restart() {
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertNull(ledger.send(new ResumeOperation("vm", new CommandMetadata("drill", null, UUID.randomUUID()))),
                    "an operation is still in flight after the restart");
            return ledger.queries().history(HistoryQuery.everything().domain("vm")).stream().map(HistoryEntry::type)
                    .toList();
        }
    }

    private List<String> tags(String device) {
        return new LiveBlock(vm.qmp()).device(device).active().snapshots().stream().map(s -> s.name()).toList();
    }

    private void assertCleanAfterQuit() throws Exception {
        vm.quit();
        for (String device : List.of("vda", "vdb")) {
            Qemu.assertClean(dir.resolve(device + ".qcow2"));
        }
        assertTrue(cli("fsck").ok().out().contains("No problems were found."));
    }

    @Test
    void killedInASnapshotSaveJobTheTakeEndsWholeOnEveryDisk() throws Exception {
        defineLive();
        vm.write("vda", 0x11, 0, MB);
        vm.write("vdb", 0x12, 0, MB);
        String jobAtKill = killAtJob("sl-save-", "snapshot-create", "vm", "--name", "s1");
        List<String> history = restart();
        assertTrue(history.contains("SnapshotAborted"), "the take is undone after the restart: " + history);
        assertEquals(List.of(), tags("vda"), "no half snapshot");
        assertEquals(List.of(), tags("vdb"), "no half snapshot");
        assertTrue(new LiveBlock(vm.qmp()).jobs().list().isEmpty(), "the job was dismissed");
        assertEquals("running", new LiveBlock(vm.qmp()).queryStatus().status());
        vm.assertReads("vda", 0x11, 0, MB);
        cli("snapshot-create", "vm", "--name", "s1").ok(); // the name is free again
        assertEquals(List.of("s1"), tags("vda"));
        assertEquals(List.of("s1"), tags("vdb"));
        assertCleanAfterQuit();
        System.out.println("killed during snapshot-save: the job was " + jobAtKill + " in query-jobs at the kill");
    }

    @Test
    void killedInASnapshotLoadJobTheRevertIsLoadedAgainAndCompletes() throws Exception {
        defineLive();
        vm.write("vda", 0x11, 0, MB);
        vm.write("vdb", 0x12, 0, MB);
        cli("snapshot-create", "vm", "--name", "s1").ok();
        vm.write("vda", 0x21, 0, MB);
        vm.write("vdb", 0x22, 0, MB);
        cli("snapshot-create", "vm", "--name", "s2").ok();
        String jobAtKill = killAtJob("sl-load-", "snapshot-revert", "vm", "s1");
        List<String> history = restart();
        assertEquals(1, history.stream().filter("RevertCompleted"::equals).count(), "completed: " + history);
        assertEquals("s1", cli("snapshot-current", "vm", "--name").ok().out().strip());
        assertTrue(new LiveBlock(vm.qmp()).jobs().list().isEmpty(), "the jobs were dismissed");
        vm.assertReads("vda", 0x11, 0, MB);
        vm.assertReads("vdb", 0x12, 0, MB);
        assertEquals("running", new LiveBlock(vm.qmp()).queryStatus().status());
        assertEquals(List.of("s1", "s2"), tags("vda"));
        assertCleanAfterQuit();
        System.out.println("killed during snapshot-load: the job was " + jobAtKill + " in query-jobs at the kill");
    }
}
