package io.snapledger.cli.health;

import io.snapledger.core.health.Finding;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.cli.Main;
import io.snapledger.cli.snapshots.VirshTable;
import io.snapledger.core.LedgerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code reconcile DOMAIN [--adopt] [--json]}: where do the images differ from the history? Never
 * writes an image. Exit 0 when they agree (or, with {@code --adopt}, when every difference was a
 * snapshot made with other tools and is adopted now); 1 when drift remains, as {@code fsck}.
 */
@Command(name = "reconcile", description = "Compare a domain's images with its history and report drift; "
        + "never changes an image.")
public final class ReconcileCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The domain.")
    private String domain;

    @Option(names = "--adopt", description = "Record snapshots made with other tools (qemu-img snapshot -c) as "
            + "snapshots of the domain, and any other drift as DriftDetected events in its history.")
    private boolean adopt;

    @Option(names = "--json", description = "The findings as a JSON array.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        LedgerService.Reconciliation found;
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            found = ledger.reconcile(Main.of(spec).caller(), domain, adopt);
        }
        PrintStream out = Main.of(spec).out();
        if (json) {
            out.println(json(found.findings(), found.recorded()));
        } else {
            out.print(table(found.findings(), found.recorded()));
        }
        return found.agree() ? 0 : 1;
    }

    private static String table(List<Finding> findings, Map<Finding, String> outcomes) {
        if (findings.isEmpty()) {
            return "The images hold what the history says: no drift.\n";
        }
        VirshTable table = outcomes == null ? new VirshTable("Device", "Kind", "Snapshot", "Found", "Suggested action")
                : new VirshTable("Device", "Kind", "Snapshot", "Found", "Suggested action", "Recorded");
        for (Finding f : findings) {
            String snapshot = f.snapshot() == null ? "-" : f.snapshot();
            if (outcomes == null) {
                table.row(f.device(), f.kind(), snapshot, f.detail(), f.action());
            } else {
                table.row(f.device(), f.kind(), snapshot, f.detail(), f.action(), outcomes.get(f));
            }
        }
        return table.render() + findings.size() + " difference(s) found.\n";
    }

    private static String json(List<Finding> findings, Map<Finding, String> outcomes) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (Finding f : findings) {
            ObjectNode node = mapper.valueToTree(f);
            if (outcomes != null) {
                node.put("recorded", outcomes.get(f));
            }
            array.add(node);
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    }
}
