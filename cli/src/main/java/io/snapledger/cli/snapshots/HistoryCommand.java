package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerReads;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.query.HistoryEntry;
import io.snapledger.query.HistoryQuery;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code history}: the audit log, every event of one domain or all, oldest first. */
@Command(name = "history", description = "Show every recorded event, oldest first: who did what, to which snapshot.")
public final class HistoryCommand implements Callable<Integer> {
    private static final Pattern UUID_TEXT =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS Z");

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DOMAIN", description = "Only this domain's events.")
    private String domain;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only events at or after TIME: 2024-05-01, '2024-05-01 10:15:30' (local), "
                    + "2024-05-01T10:15:30Z or 2024-05-01T11:15:30+01:00.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events at or before TIME (a date: to its end).")
    private String until;

    @Option(names = "--actor", paramLabel = "NAME", description = "Only events caused by this actor.")
    private String actor;

    @Option(names = "--snapshot", paramLabel = "SNAP",
            description = "Only events about this snapshot, under every name it had: a UUID, or with DOMAIN "
                    + "a name or number (a deleted or renamed one's too).")
    private String snapshot;

    @Option(names = "--json", description = "Print a JSON array of the events.")
    private boolean json;

    @Override
    public Integer call() {
        HistoryQuery query = HistoryQuery.everything();
        if (since != null) {
            query = query.from(TimeArgument.parse(since, "--since", false));
        }
        if (until != null) {
            try {
                query = query.to(TimeArgument.parse(until, "--until", true));
            } catch (IllegalArgumentException emptyRange) {
                throw new BadUsageException("--since " + since + " is after --until " + until);
            }
        }
        if (actor != null) {
            query = query.actor(actor);
        }
        if (domain != null) {
            query = query.domain(domain);
        }
        UUID snapshotUuid = snapshot == null ? null : uuidOrNull(snapshot);
        if (snapshot != null && snapshotUuid == null && domain == null) {
            throw new BadUsageException("--snapshot " + snapshot + " names a snapshot by name or number, "
                    + "which needs the DOMAIN; or give its UUID");
        }
        try (LedgerReads ledger = domain == null ? Main.of(spec).openQuerySide() : Main.of(spec).openQuerySide(domain)) {
            SnapshotQueries queries = ledger.queries();
            // an undefined domain keeps its history; a name with neither is a typo worth saying so
            if (domain != null && queries.domain(domain).isEmpty()
                    && queries.history(HistoryQuery.everything().domain(domain)).isEmpty()) {
                Snapshots.domain(queries, domain);
            }
            if (snapshot != null) {
                // a UUID names a snapshot even after it was deleted; a name or number a live one, else
                // the one that last had it: its events under every name it had
                query = query.snapshot(snapshotUuid != null ? snapshotUuid : byNameOrNumber(queries, domain, snapshot));
            }
            // a query node in a group leaves out the domains another member reads now
            List<HistoryEntry> entries = queries.history(query).stream()
                    .filter(entry -> ledger.serves(entry.domain())).toList();
            Names names = new Names(queries);
            PrintStream out = Main.of(spec).out();
            if (json) {
                out.println(SnapshotJson.pretty(json(entries, names)));
            } else {
                out.print(lines(entries, names));
            }
        }
        return 0;
    }

    /** A live snapshot by name or number, else the snapshot that last had that name or number in the history. */
    private static UUID byNameOrNumber(SnapshotQueries queries, String domain, String reference) {
        Optional<SnapshotNode> alive = queries.resolve(domain, reference);
        if (alive.isPresent()) {
            return alive.get().uuid();
        }
        UUID found = null;
        for (HistoryEntry entry : queries.history(HistoryQuery.everything().domain(domain))) {
            if (reference.equals(Names.named(entry).orElse(null)) || reference.equals(number(entry))) {
                found = entry.snapshotUuid();
            }
        }
        if (found == null) {
            throw new DomainRuleException("NO_SUCH_SNAPSHOT", "domain " + domain + " never had a snapshot '"
                    + reference + "' (by name, UUID or number); see its events with 'snapledger history " + domain + "'");
        }
        return found;
    }

    /** The number an event gave its snapshot when it started or imported it; null for other events. */
    private static String number(HistoryEntry entry) {
        boolean numbers = entry.type().equals("SnapshotStarted") || entry.type().equals("SnapshotImported");
        return numbers && entry.event().hasNonNull("id") ? entry.event().get("id").asText() : null;
    }

    /** One line per event: time, domain, event, snapshot, its UUID, actor, reason; columns aligned. */
    static String lines(List<HistoryEntry> entries, Names names) {
        Columns columns = new Columns();
        for (HistoryEntry e : entries) {
            columns.row(TIME.format(e.time().atZone(ZoneId.systemDefault())), e.domain(), e.type(),
                    names.of(e).orElse("-"), e.snapshotUuid() == null ? "-" : e.snapshotUuid().toString(),
                    e.actor(), e.reason() == null ? "-" : e.reason());
        }
        return columns.render();
    }

    private static ArrayNode json(List<HistoryEntry> entries, Names names) {
        ArrayNode array = SnapshotJson.MAPPER.createArrayNode();
        for (HistoryEntry e : entries) {
            ObjectNode node = array.addObject();
            node.put("time", e.time().toString());
            node.put("domain", e.domain());
            node.put("sequence", e.sequence());
            node.put("type", e.type());
            node.put("snapshot", names.of(e).orElse(null));
            node.put("snapshotUuid", e.snapshotUuid() == null ? null : e.snapshotUuid().toString());
            node.put("actor", e.actor());
            node.put("reason", e.reason());
            node.put("correlationId", e.correlationId().toString());
            node.put("eventId", e.eventId().toString());
            node.set("event", e.event());
        }
        return array;
    }

    private static UUID uuidOrNull(String text) {
        return UUID_TEXT.matcher(text).matches() ? UUID.fromString(text) : null;
    }

    /**
     * The name each event's snapshot had: events that name it (started, imported, renamed) say
     * so; for others, the name it has now, or for a deleted one the name its history gave it last.
     */
    static final class Names {
        private final SnapshotQueries queries;
        private final Map<UUID, Optional<String>> known = new HashMap<>();

        Names(SnapshotQueries queries) {
            this.queries = queries;
        }

        Optional<String> of(HistoryEntry entry) {
            UUID uuid = entry.snapshotUuid();
            if (uuid == null) {
                return Optional.empty();
            }
            Optional<String> named = named(entry);
            if (named.isPresent()) {
                known.put(uuid, named);
                return named;
            }
            return known.computeIfAbsent(uuid, u -> lookUp(entry.domain(), u));
        }

        private Optional<String> lookUp(String domain, UUID uuid) {
            Optional<SnapshotNode> alive = queries.snapshot(domain, uuid);
            if (alive.isPresent()) {
                return Optional.of(alive.get().name());
            }
            Optional<String> last = Optional.empty();
            for (HistoryEntry e : queries.history(HistoryQuery.everything().domain(domain).snapshot(uuid))) {
                Optional<String> named = named(e);
                last = named.isPresent() ? named : last;
            }
            return last;
        }

        static Optional<String> named(HistoryEntry entry) {
            JsonNode event = entry.event();
            String field = switch (entry.type()) {
                case "SnapshotStarted", "SnapshotImported" -> "name";
                case "SnapshotRenamed" -> "newName";
                default -> null;
            };
            return field != null && event.hasNonNull(field) ? Optional.of(event.get(field).asText()) : Optional.empty();
        }
    }
}
