package io.snapledger.cli.snapshots;

import io.snapledger.cli.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo --live}: a running VM in a real QEMU, taken through memory snapshots and an external checkpoint. */
class LiveDemoTest {
    @TempDir
    Path dir;

    @AfterEach
    void killQemu() throws Exception {
        Path pid = dir.resolve("kept/home/qemu/demo/qemu.pid");
        if (Files.exists(pid)) { // a failed demo may leave its QEMU running
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).filter(p -> p.info().command()
                    .map(c -> c.contains("qemu")).orElse(false)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theLiveDemoRevertsARunningVmToItsSnapshotsAndCleansUp() {
        Cli.Result result = Cli.run("demo", "--live").ok();
        String out = result.out();
        Matcher scratch = Pattern.compile("Scratch folder: (\\S+) ").matcher(out);
        assertTrue(scratch.find(), out);
        assertFalse(Files.exists(Path.of(scratch.group(1))), "the scratch folder was left behind");
        assertTrue(out.contains("(the guest reads release 1.0 again: 0x11 in every byte of vda and vdb)"), out);
        assertTrue(out.contains("(the guest reads release 1.0 plus a fix, as at c1: 0x33 in every byte"), out);
        assertTrue(out.contains("QEMU started again from c1.vmstate, running"), out);
        assertTrue(out.contains("snapledger: snapshot 'c1' is external on device vda"), out);
        assertTrue(out.contains("Domain snapshot s2 deleted (one snapshot-delete job)"), out);
        assertTrue(out.contains("$ snapledger shutdown demo\nDomain demo is shut off"), out);
        assertTrue(Pattern.compile("MemoryStateSaved +c1").matcher(out).find(), out);
        assertTrue(Pattern.compile("RevertCompleted +c1").matcher(out).find(), out);
        assertTrue(Pattern.compile("SnapshotDeleted +s2").matcher(out).find(), out);
        assertTrue(result.err().contains("resumed after"), "the checkpoint's pause on stderr: " + result.err());
    }

    @Test
    void keptLiveDemoIsCleanForFsckAndAMissingQemuIsOneLine() {
        Path kept = dir.resolve("kept");
        Cli.run("demo", "--live", "--keep", kept).ok();
        assertTrue(Cli.run("--home", kept.resolve("home"), "fsck").ok().out().contains("No problems were found."));
        assertEquals("shut off", Cli.run("--home", kept.resolve("home"), "domains").ok().out().lines()
                .filter(l -> l.startsWith("demo") || l.strip().startsWith("demo")).findFirst().orElseThrow()
                .replaceAll(".*(shut off).*", "$1"));
        assertTrue(LiveDemo.findQemu(dir.toString()).isEmpty(), "no QEMU in an empty folder");
        assertTrue(LiveDemo.findQemu(System.getenv("PATH")).isPresent(), "this machine has one");
    }
}
