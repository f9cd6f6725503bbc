package io.snapledger.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void versionNamesTheProgram() {
        Cli.Result r = Cli.run("--version").ok();
        assertTrue(r.out().matches("snapledger \\S+\\n"), r.out());
    }

    @Test
    void helpListsTheImageCommandsAndTheHomeOption() {
        String top = Cli.run("--help").ok().out();
        assertTrue(top.contains("--home DIR"), top);
        assertTrue(top.contains("image"), top);
        String image = Cli.run("image", "--help").ok().out();
        for (String verb : new String[] {"info", "check", "create", "snapshot", "commit", "rebase", "map"}) {
            assertTrue(image.contains("  " + verb + " "), verb + " missing from:\n" + image);
        }
        assertTrue(Cli.run("image", "help", "map").ok().out().contains("Usage: snapledger image map"));
    }

    @Test
    void homeIsAcceptedBeforeAndAfterTheCommand() {
        assertEquals(0, Cli.run("--home", "/tmp/elsewhere", "image", "--help").exit());
        assertEquals(0, Cli.run("image", "--help", "--home", "/tmp/elsewhere").exit());
    }

    @Test
    void badUsageExitsWithTwoAndShowsTheMessageThenTheUsage() {
        for (String[] args : new String[][] {{}, {"image"}, {"image", "frobnicate"}, {"image", "info", "--bogus", "x"},
                {"image", "info"}, {"image", "snapshot", "-l", "-d", "1", "x.qcow2"}}) {
            Cli.Result r = Cli.run((Object[]) args);
            assertEquals(2, r.exit(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.err().startsWith("snapledger: "), r.err());
            assertTrue(r.err().contains("Usage: snapledger"), r.err());
            assertEquals("", r.out());
        }
    }
}
