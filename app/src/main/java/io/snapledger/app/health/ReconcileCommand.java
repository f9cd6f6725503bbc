package io.snapledger.app.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.app.Main;
import io.snapledger.app.domain.VirshTable;
import io.snapledger.app.ledger.Ledger;
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
        List<Finding> findings;
        Map<Finding, String> outcomes = null;
        try (Ledger ledger = Ledger.open(Main.of(spec).home())) {
            findings = Reconcile.scan(ledger.queries(), domain);
            if (adopt) {
                outcomes = Adoption.run(ledger, domain, findings);
            }
        }
        PrintStream out = Main.of(spec).out();
        if (json) {
            out.println(json(findings, outcomes));
        } else {
            out.print(table(findings, outcomes));
        }
        boolean allAdopted = outcomes != null && outcomes.values().stream().allMatch(o -> o.startsWith("adopted"));
        return findings.isEmpty() || allAdopted ? 0 : 1;
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
