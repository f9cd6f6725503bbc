package io.snapledger.cli.health;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.kafka.querynode.QueryNodeHome;
import io.snapledger.kafka.querynode.QueryNodeStatus;
import io.snapledger.core.EventOutlet;
import io.snapledger.core.LedgerStatus;
import io.snapledger.core.LedgerStatus.StoreFile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code status}: the home, how much it holds, how far the projection and the Kafka publisher
 * are. Operations interrupted by a crash are finished when the home is opened, so none is in
 * flight when this reports.
 */
@Command(name = "status", description = {"Show the home, the event store, the projection and Kafka publishing.",
        "On a query node's home: its projection, its offset in each partition and, with --kafka, its lag."})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON object.")
    private boolean json;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws JsonProcessingException {
        Main main = Main.of(spec);
        if (QueryNodeHome.is(main.home())) {
            printQueryNode(main.out(), QueryNodeStatus.of(main.home(), main.kafkaSettings().bootstrap()));
            return 0;
        }
        try (LedgerService ledger = main.openLedger()) {
            LedgerStatus now = ledger.status();
            ObjectNode status = mapper.createObjectNode();
            status.put("home", main.home().toString());
            status.put("domains", now.domains());
            status.put("events", now.events());
            putStore(status.putObject("store"), now.store(), now.compactsOnClose());
            status.putObject("projection").put("applied", now.applied()).put("lag", now.projectionLag());
            EventOutlet.Status outlet = now.outlet();
            ObjectNode kafka = status.putObject("kafka").put("publishing", outlet.enabled());
            kafka.put("bootstrap", outlet.target());
            if (outlet.enabled()) {
                kafka.put("unpublished", outlet.unpublished());
            }
            print(main.out(), status);
        }
        return 0;
    }

    /**
     * The embedded store's file: its size, about how much of it is data, and whether closing this
     * command compacts it (bulk appends left it mostly waste); an external database keeps its own space.
     */
    private static void putStore(ObjectNode store, Optional<StoreFile> space, boolean compactsOnClose) {
        store.put("embedded", space.isPresent());
        space.ifPresent(s -> store.put("bytes", s.bytes()).put("dataBytes", s.dataBytes())
                .put("compactedOnClose", compactsOnClose));
    }

    private void printQueryNode(PrintStream out, ObjectNode status) throws JsonProcessingException {
        if (json) {
            printJson(out, status);
            return;
        }
        out.println("Home:         " + status.get("home").asText() + " (a query node: a projection fed from Kafka)");
        out.println("Domains:      " + status.get("domains").asLong());
        out.println("Projection:   " + status.get("projection").get("applied").asLong() + " events applied");
        JsonNode group = status.get("group");
        if (group != null) {
            out.println("Group:        " + group.get("id").asText() + ", reads partitions " + group.get("reads")
                    + " of " + group.get("partitions").asInt());
        }
        JsonNode kafka = status.get("kafka");
        if (kafka.get("bootstrap").isNull()) {
            out.println("Kafka:        not given, so the lag is unknown ('snapledger config kafka.bootstrap HOST:PORT' "
                    + "keeps it in this home for query-node and status; --kafka HOST:PORT for one command)");
        } else if (!kafka.get("reachable").asBoolean()) {
            out.println("Kafka:        " + kafka.get("bootstrap").asText() + " does not answer ("
                    + kafka.get("error").asText() + "); the lag is unknown");
        } else {
            long lag = 0;
            for (JsonNode partition : status.get("partitions")) {
                lag += partition.path("lag").asLong();
            }
            out.println("Kafka:        " + kafka.get("bootstrap").asText() + ", lag " + lag
                    + (kafka.get("lagCounted").asBoolean() ? " events" : " records, about (transaction markers included)"));
        }
        for (JsonNode partition : status.get("partitions")) {
            out.printf("Partition %-3s next offset %d%s%n", partition.get("partition").asInt() + ":",
                    partition.get("nextOffset").asLong(),
                    partition.has("lag") ? ", lag " + partition.get("lag").asLong() : "");
        }
    }

    private void printJson(PrintStream out, ObjectNode status) throws JsonProcessingException {
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(status));
    }

    private void print(PrintStream out, ObjectNode status) throws JsonProcessingException {
        if (json) {
            printJson(out, status);
            return;
        }
        ObjectNode kafka = (ObjectNode) status.get("kafka");
        out.println("Home:         " + status.get("home").asText());
        out.println("Domains:      " + status.get("domains").asLong());
        out.println("Events:       " + status.get("events").asLong());
        JsonNode store = status.get("store");
        if (store.get("embedded").asBoolean()) {
            long bytes = store.get("bytes").asLong();
            long data = store.get("dataBytes").asLong();
            out.printf("Store file:   %,d bytes, about %,d of data%s%n", bytes, data,
                    store.get("compactedOnClose").asBoolean() ? " (compacted now, as this command closes)"
                            : bytes - data > data ? " ('snapledger compact' gives the rest back)" : "");
        } else {
            out.println("Store file:   none, the events are in an external database");
        }
        out.println("Projection:   " + status.get("projection").get("applied").asLong() + " applied, lag "
                + status.get("projection").get("lag").asLong());
        if (kafka.get("publishing").asBoolean()) {
            long unpublished = kafka.get("unpublished").asLong();
            out.println("Kafka:        on, " + kafka.get("bootstrap").asText() + ", "
                    + (unpublished < 0 ? "lag unknown" : "lag " + unpublished + " (events Kafka has not yet acknowledged)"));
        } else {
            out.println("Kafka:        off (set it with 'snapledger config kafka.bootstrap HOST:PORT' or --kafka)");
        }
    }
}
