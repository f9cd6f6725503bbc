package io.snapledger.cli.snapshots;

import io.snapledger.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Flag combinations virsh refuses (LIBVIRT-SEMANTICS.md), and ours: one line on stderr, exit 2,
 * before anything is opened or changed.
 */
class RefusedUsageTest {
    private static final String LIST = "snapshot-list";

    @TempDir
    Path dir;

    @Test
    void snapshotListRefusesWhatVirshRefusesWithItsWords() {
        assertRefused("Options --tree and --name are mutually exclusive", LIST, "vm", "--tree", "--name");
        assertRefused("--leaves and --tree are mutually exclusive", LIST, "vm", "--leaves", "--tree");
        assertRefused("Options --parent and --roots are mutually exclusive", LIST, "vm", "--parent", "--roots");
        assertRefused("Options --roots and --from are mutually exclusive", LIST, "vm", "--roots", "--from", "a");
        assertRefused("--descendants requires --from", LIST, "vm", "--descendants");
        assertRefused("Options --parent and --tree are mutually exclusive", LIST, "vm", "--parent", "--tree");
        assertRefused("Options --roots and --tree are mutually exclusive", LIST, "vm", "--roots", "--tree");
    }

    @Test
    void otherCommandsRefuseContradictionsAndEmptyEdits() {
        assertRefused("--children and --children-only are mutually exclusive",
                "snapshot-delete", "vm", "a", "--children-only", "--children");
        assertRefused("--metadata forgets one snapshot and cannot be combined with --children",
                "snapshot-delete", "vm", "a", "--metadata", "--children");
        assertRefused("nothing to edit: give --rename NEW, --description TEXT or both", "snapshot-edit", "vm", "a");
        assertRefused("--diskspec vda,snapshot=sideways: snapshot= must be one of internal|external|no",
                "snapshot-create", "vm", "--diskspec", "vda,snapshot=sideways");
        assertRefused("--snapshot a names a snapshot by name or number, which needs the DOMAIN; or give its UUID",
                "history", "--snapshot", "a");
        assertRefused("--since yesterday: not a time; use 2026-11-22, '2026-11-22 10:15:30' (local time), "
                + "2026-11-22T10:15:30Z or 2026-11-22T11:15:30+01:00", "history", "--since", "yesterday");
    }

    private void assertRefused(String message, Object... args) {
        Path home = dir.resolve("home");
        Object[] withHome = new Object[args.length + 2];
        withHome[0] = "--home";
        withHome[1] = home;
        System.arraycopy(args, 0, withHome, 2, args.length);
        Cli.Result result = Cli.run(withHome);
        assertEquals("snapledger: " + message, result.singleErrorLine(2));
        assertEquals("", result.out());
        // refused before the home was even opened
        assertFalse(Files.exists(home), "the home was created for a refused command");
    }
}
