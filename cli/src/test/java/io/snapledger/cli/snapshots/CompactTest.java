package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code compact} rewrites the embedded event store and reports its size before and after; the
 * history reads the same afterwards. (That bulk appends' waste goes away is shown in the command
 * side's StoreCompactionTest on a store of thousands of events.)
 */
class CompactTest {
    @TempDir
    Path dir;

    @Test
    void givenAHomeWithHistory_whenCompacted_thenTheReportGivesTheFileBeforeAndAfterAndTheHistoryIsUnchanged()
            throws IOException {
        Vm vm = Vm.qcow2(dir, "vda").define();
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        JsonNode history = vm.json("history", "--json");

        JsonNode report = vm.json("compact", "--json");

        Path file = vm.home().resolve("store").resolve("events.mv.db");
        assertEquals("embedded", report.get("store").asText(), report.toString());
        assertEquals(file.toString(), report.get("file").asText());
        assertTrue(report.get("compacted").asBoolean(), report.toString());
        assertEquals(Files.size(file), report.get("bytesAfter").asLong(), report.toString());
        assertTrue(report.get("bytesAfter").asLong() <= report.get("bytesBefore").asLong(), report.toString());
        assertEquals(history, vm.json("history", "--json"));
        assertEquals("s2\n", vm.ok("snapshot-current", Vm.NAME));
    }

    @Test
    void givenAHome_whenCompactedWithoutJson_thenItSaysWhichFileAndItsSizes() {
        Vm vm = Vm.qcow2(dir, "vda").define();

        String text = vm.ok("compact");

        assertTrue(text.matches("Event store: .*events\\.mv\\.db\nBefore: +[\\d,]+ bytes \\(about [\\d,]+ of data\\)\n"
                + "After: +[\\d,]+ bytes\n"), text);
    }

    @Test
    void givenAHome_whenItsStatusIsAsked_thenItGivesTheStoreFilesSize() {
        Vm vm = Vm.qcow2(dir, "vda").define();

        JsonNode store = vm.json("status", "--json").get("store");

        assertTrue(store.get("embedded").asBoolean(), store.toString());
        assertTrue(store.get("bytes").asLong() >= store.get("dataBytes").asLong(), store.toString());
        assertTrue(!store.get("compactedOnClose").asBoolean(), "a fresh home holds little waste: " + store);
        assertTrue(vm.ok("status").contains("Store file:   "), "the text shows it too");
    }
}
