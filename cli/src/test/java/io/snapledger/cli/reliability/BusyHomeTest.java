package io.snapledger.cli.reliability;

import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two snapledger processes on one home: the second is told who holds it, and changes nothing. */
class BusyHomeTest {
    @TempDir
    Path dir;

    @Test
    void aSecondProcessIsToldTheHomeIsInUseAndByWhom() throws Exception {
        Path home = dir.resolve("home");
        Path vda = dir.resolve("vda.qcow2");
        Qemu.create(vda, "16M");
        Cli.run("--home", home, "define", "d", "--disk", "vda=" + vda).ok();

        Process first = ChildCli.start(home, "snapshot-create", "d", "--name", "s1");
        CountDownLatch sent = ChildCli.watchForMarker(first, new long[1]);
        assertTrue(sent.await(60, TimeUnit.SECONDS), "the first process never sent its command");
        // frozen while it holds the home, so the second one surely meets it there
        Qemu.run("kill", "-STOP", Long.toString(first.pid()));
        Cli.Result second;
        try {
            second = Cli.run("--home", home, "snapshot-create", "d", "--name", "s2");
        } finally {
            Qemu.run("kill", "-CONT", Long.toString(first.pid()));
        }

        String line = second.singleErrorLine(1);
        assertEquals("snapledger: snapledger home " + home + " is in use by another snapledger process (pid "
                + first.pid() + ") — wait for it to finish", line);
        assertTrue(first.waitFor(120, TimeUnit.SECONDS), "the first process did not finish");
        assertEquals(0, first.exitValue());
        String list = Cli.run("--home", home, "snapshot-list", "d", "--name").ok().out();
        assertTrue(list.contains("s1") && !list.contains("s2"), list);
    }
}
