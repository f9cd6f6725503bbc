package io.snapledger.cli.health;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.core.LedgerStatus.StoreFile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code compact}: rewrites the embedded event store's file with only its live data and reports
 * its size before and after. Closing the store does this by itself when bulk appends have left
 * the file mostly waste and its data is small enough to copy quickly; this command does it for
 * any store, e.g. a large one. An external database keeps its own space: nothing to do.
 */
@Command(name = "compact", description = "Give the space the embedded event store no longer uses back to the disk.")
public final class CompactCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON object.")
    private boolean json;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        Optional<StoreFile> before;
        Optional<Path> file;
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            before = ledger.status().store();
            file = ledger.storeFile();
            ledger.compactOnClose();
        }
        ObjectNode report = MAPPER.createObjectNode();
        if (before.isEmpty() || file.isEmpty()) {
            report.put("store", "external");
            report.put("compacted", false);
        } else {
            report.put("store", "embedded");
            report.put("file", file.get().toString());
            report.put("compacted", true);
            report.put("bytesBefore", before.get().bytes());
            report.put("dataBytesBefore", before.get().dataBytes());
            report.put("bytesAfter", Files.size(file.get()));
        }
        print(Main.of(spec), report);
        return 0;
    }

    private void print(Main main, ObjectNode report) throws JsonProcessingException {
        if (json) {
            main.out().println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else if (!report.get("compacted").asBoolean()) {
            main.out().println("The event store is an external database, which manages its own space: nothing to compact.");
        } else {
            main.out().println("Event store: " + report.get("file").asText());
            main.out().printf("Before:      %,d bytes (about %,d of data)%n", report.get("bytesBefore").asLong(),
                    report.get("dataBytesBefore").asLong());
            main.out().printf("After:       %,d bytes%n", report.get("bytesAfter").asLong());
        }
    }
}
