package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event-sourced core end to end on two qcow2 disks: take, revert, branch, edit and delete
 * through the CLI, each command run as a new process would run it (a fresh runtime on the same
 * home), with qemu-img judging the images after every command and the guest's bytes compared
 * with what each snapshot must hold.
 */
class SnapshotLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void takeRevertBranchEditAndDeleteKeepEveryDiskAndTheTreeRight() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        Path vda = vm.disk("vda");
        Path vdb = vm.disk("vdb");

        vm.write(vda, "write -P 0x11 0 1M");
        vm.write(vdb, "write -P 0x21 1M 1M");
        Path vdaAtS1 = vm.content(vda);
        Path vdbAtS1 = vm.content(vdb);
        assertEquals("Domain snapshot s1 created\n", vm.ok("snapshot-create", Vm.NAME, "--name", "s1"));
        vm.assertImagesAgree();
        assertEquals(List.of("1:s1"), Vm.table(vda));

        vm.write(vda, "write -P 0x12 512k 1M");
        vm.write(vdb, "write -P 0x22 0 64k");
        Path vdaAtS2 = vm.content(vda);
        Path vdbAtS2 = vm.content(vdb);
        JsonNode s2 = vm.json("snapshot-create", Vm.NAME, "--name", "s2", "--description", "second <one>", "--json");
        vm.assertImagesAgree();
        assertEquals(List.of("1:s1", "2:s2"), Vm.table(vdb));
        assertEquals("s2", s2.get("name").asText());
        assertEquals(2, s2.get("id").asInt());
        assertTrue(s2.get("current").asBoolean(), s2.toString());
        assertEquals("ready", s2.get("state").asText());
        assertEquals("no", s2.get("memory").asText());
        assertEquals("internal", s2.get("devices").get(1).get("snapshot").asText());
        assertEquals(vdb.toString(), s2.get("devices").get(1).get("file").asText());

        // each snapshot holds what the guest held when it was taken, on every device
        Vm.assertSameContent(vdaAtS1, vm.snapshotContent(vda, "s1"));
        Vm.assertSameContent(vdbAtS1, vm.snapshotContent(vdb, "s1"));
        Vm.assertSameContent(vdaAtS2, vm.snapshotContent(vda, "s2"));
        Vm.assertSameContent(vdbAtS2, vm.snapshotContent(vdb, "s2"));

        assertEquals("s2\n", vm.ok("snapshot-current", Vm.NAME));
        assertEquals("s1\n", vm.ok("snapshot-parent", Vm.NAME, "s2"));
        assertEquals("snapledger: snapshot s1 has no parent",
                vm.cli("snapshot-parent", Vm.NAME, "s1").singleErrorLine(1));

        // revert: every device back to s1's bytes, silently, and s1 is current
        vm.write(vda, "write -P 0x13 0 2M");
        vm.write(vdb, "write -P 0x23 0 2M");
        assertEquals("", vm.ok("snapshot-revert", Vm.NAME, "s1"));
        vm.assertImagesAgree();
        Vm.assertSameContent(vdaAtS1, vda);
        Vm.assertSameContent(vdbAtS1, vdb);
        assertEquals("s1\n", vm.ok("snapshot-current", Vm.NAME));

        // a snapshot after a revert is a child of the reverted-to one: a branch
        vm.write(vdb, "write -P 0x24 3M 64k");
        Path vdbAtS3 = vm.content(vdb);
        vm.ok("snapshot-create", Vm.NAME, "--name", "s3");
        vm.assertImagesAgree();
        assertEquals("s1\n", vm.ok("snapshot-parent", Vm.NAME, "s3"));

        assertEquals("s1\n  |\n  +- s2\n  +- s3\n    \n\n", vm.ok("snapshot-list", Vm.NAME, "--tree"));
        List<String[]> rows = Vm.rows(vm.ok("snapshot-list", Vm.NAME, "--parent"));
        assertEquals(List.of("Name", "Creation Time", "State", "Parent"), List.of(rows.get(0)));
        assertEquals(List.of("s1", "s2", "s3"), Vm.column(rows, 0));
        assertEquals(List.of("", "s1", "s1"), Vm.column(rows, 3));
        assertEquals(List.of("shutoff", "shutoff", "shutoff"), Vm.column(rows, 2));
        assertTrue(rows.get(1)[1].matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}"), rows.get(1)[1]);
        assertEquals(List.of("s1"), Vm.column(Vm.rows(vm.ok("snapshot-list", Vm.NAME, "--roots")), 0));
        assertEquals(List.of("s2", "s3"), Vm.column(Vm.rows(vm.ok("snapshot-list", Vm.NAME, "--leaves")), 0));
        assertEquals(List.of("s2", "s3"), Vm.column(Vm.rows(vm.ok("snapshot-list", Vm.NAME, "--from", "s1")), 0));
        assertEquals("s1\ns2\ns3\n\n", vm.ok("snapshot-list", Vm.NAME, "--name", "--topological"));

        JsonNode listed = vm.json("snapshot-list", Vm.NAME, "--json");
        assertEquals(3, listed.size());
        JsonNode s1 = listed.get(0);
        assertEquals("s1", s1.get("name").asText());
        assertTrue(s1.get("parent").isNull());
        assertEquals(2, s1.get("children").asInt());
        assertEquals(s1.get("uuid").asText(), listed.get(2).get("parent").asText());
        assertTrue(listed.get(2).get("current").asBoolean());
        assertFalse(listed.get(1).get("current").asBoolean());

        String info = vm.ok("snapshot-info", Vm.NAME, "1");
        assertTrue(info.startsWith("""
                Name:           s1
                Domain:         vm
                Current:        no
                State:          shutoff
                Location:       internal
                Parent:         -
                Children:       2
                Descendants:    2
                Metadata:       yes
                UUID:           %s
                Id:             1
                """.formatted(s1.get("uuid").asText())), info);
        assertEquals(vm.json("snapshot-info", Vm.NAME, s1.get("uuid").asText(), "--json").get("name").asText(), "s1");

        Document xml = xml(vm.ok("snapshot-dumpxml", Vm.NAME, "s2"));
        assertEquals("s2", text(xml, "name"));
        assertEquals("second <one>", text(xml, "description"));
        assertEquals("shutoff", text(xml, "state"));
        assertEquals("s1", xml.getElementsByTagName("parent").item(0).getTextContent().trim());
        assertEquals(2, xml.getElementsByTagName("disk").getLength());
        assertEquals("internal", xml.getElementsByTagName("disk").item(0).getAttributes()
                .getNamedItem("snapshot").getNodeValue());

        // edits: one event each; a rename onto a name in use is refused
        assertEquals("Snapshot s3b edited.\n", vm.ok("snapshot-edit", Vm.NAME, "s3", "--rename", "s3b",
                "--description", "the branch"));
        assertEquals("snapledger: domain vm already has a snapshot named 's2'; choose another name",
                vm.cli("snapshot-edit", Vm.NAME, "s3b", "--rename", "s2").singleErrorLine(1));
        JsonNode s3b = vm.json("snapshot-current", Vm.NAME, "--json");
        assertEquals("s3b", s3b.get("name").asText());
        assertEquals("the branch", s3b.get("description").asText());

        // plain delete of a root: its children become roots, current stays, no surviving byte moves
        assertEquals("Domain snapshot s1 deleted\n", vm.ok("snapshot-delete", Vm.NAME, "s1"));
        vm.assertImagesAgree();
        assertEquals(List.of("2:s2", "3:s3"), Vm.table(vda));
        Vm.assertSameContent(vdaAtS2, vm.snapshotContent(vda, "s2"));
        Vm.assertSameContent(vdbAtS2, vm.snapshotContent(vdb, "s2"));
        Vm.assertSameContent(vdbAtS3, vm.snapshotContent(vdb, "s3"));
        assertEquals(List.of("s2", "s3b"), Vm.column(Vm.rows(vm.ok("snapshot-list", Vm.NAME, "--roots")), 0));
        assertEquals("s3b\n", vm.ok("snapshot-current", Vm.NAME));

        // the next snapshot's number is never reused, and the ids agree on every disk
        vm.ok("snapshot-create", Vm.NAME, "--name", "s4");
        vm.assertImagesAgree();
        assertEquals(List.of("2:s2", "3:s3", "4:s4"), Vm.table(vdb));

        // run in-process, every command above ran on a fresh runtime: the tree was read back from the
        // stores each time; two more runs on the same home see exactly the same
        String tree = vm.ok("snapshot-list", Vm.NAME, "--json");
        assertEquals(tree, vm.ok("snapshot-list", Vm.NAME, "--json"));
        assertEquals("s4\n", vm.ok("snapshot-current", Vm.NAME));
    }

    /** Deletes the projection between two commands: only a command run in its own process notices. */
    @Test
    @Tag("in-process")
    void theEventStoreIsTheTruthAProjectionDeletedIsRebuiltFromIt() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        vm.ok("snapshot-revert", Vm.NAME, "s1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s3");
        String tree = vm.ok("snapshot-list", Vm.NAME, "--json");

        deleteTree(vm.home().resolve("projection"));

        assertEquals(tree, vm.ok("snapshot-list", Vm.NAME, "--json"));
        assertEquals("s3\n", vm.ok("snapshot-current", Vm.NAME));
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document xml(String text) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML:\n" + text, e);
        }
    }

    private static String text(Document xml, String element) {
        return xml.getDocumentElement().getElementsByTagName(element).item(0).getTextContent();
    }
}
