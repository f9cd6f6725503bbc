package io.snapledger.core.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.core.Caller;
import io.snapledger.core.LocalLedger;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.events.command.ImportSnapshot;
import io.snapledger.events.command.RecordDrift;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.query.HistoryEntry;
import io.snapledger.query.HistoryQuery;
import io.snapledger.query.ListFilter;
import io.snapledger.query.SnapshotNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What {@code reconcile --adopt} records. Entries made with other tools in the devices' active
 * images become snapshots ({@code SnapshotImported}, source {@code adopt}): the entries of one
 * name on several devices are one snapshot; it keeps its number (so it can still be found by it
 * in every image), and its parent is the snapshot taken last before it, since QEMU's entries keep
 * no parent. Everything else becomes a {@code DriftDetected} event, once: drift recorded before
 * with the same device, kind and detail is not recorded again.
 */
public final class Adoption {
    private final LocalLedger ledger;
    private final Caller caller;
    private final String domain;
    private final Map<Finding, String> outcomes = new LinkedHashMap<>();

    private Adoption(LocalLedger ledger, Caller caller, String domain) {
        this.ledger = ledger;
        this.caller = caller;
        this.domain = domain;
    }

    /** @return for each finding, what was recorded for it */
    public static Map<Finding, String> run(LocalLedger ledger, Caller caller, String domain, List<Finding> findings) {
        Adoption adoption = new Adoption(ledger, caller, domain);
        Map<String, List<Finding>> byName = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.foreign() != null) {
                byName.computeIfAbsent(f.foreign().entry().name(), n -> new ArrayList<>()).add(f);
            }
        }
        byName.values().stream().sorted(Comparator.comparing(Adoption::takenAt)).forEach(adoption::adopt);
        Set<String> recorded = adoption.recordedBefore();
        for (Finding f : findings) {
            if (!adoption.outcomes.containsKey(f)) {
                adoption.record(f, f.detail(), recorded);
            }
        }
        ledger.catchUp();
        Map<Finding, String> inOrder = new LinkedHashMap<>();
        findings.forEach(f -> inOrder.put(f, adoption.outcomes.get(f)));
        return inOrder;
    }

    private void adopt(List<Finding> group) {
        SnapshotEntry entry = group.get(0).foreign().entry();
        String refusal = refusal(group);
        if (refusal != null) {
            group.forEach(f -> record(f, f.detail() + "; not adopted: " + refusal, recordedBefore()));
            return;
        }
        UUID uuid = entry.uuid() != null ? entry.uuid() : UUID.randomUUID();
        List<DevicePlan> plans = group.stream().map(f -> DevicePlan.internal(f.device())).toList();
        boolean memory = group.stream().anyMatch(f -> f.foreign().entry().vmStateSize() > 0);
        try {
            ledger.send(new ImportSnapshot(domain, uuid, Long.parseLong(entry.id()), entry.name(), null,
                    parentFor(takenAt(group)), takenAt(group), memory ? MemoryPlan.internal() : MemoryPlan.none(),
                    plans, ImportSource.ADOPT, caller.meta("adopted by reconcile")));
            ledger.catchUp();
            group.forEach(f -> outcomes.put(f, "adopted as snapshot " + entry.id() + " (" + uuid + ")"));
        } catch (DomainRuleException e) {
            group.forEach(f -> record(f, f.detail() + "; not adopted: " + e.getMessage(), recordedBefore()));
        }
    }

    /** Why the entries cannot be one adopted snapshot, or null. */
    private static String refusal(List<Finding> group) {
        Set<String> devices = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Finding f : group) {
            if (!devices.add(f.device())) {
                return "two entries named '" + f.foreign().entry().name() + "' on device " + f.device();
            }
            ids.add(f.foreign().entry().id());
        }
        if (ids.size() > 1) {
            return "its entries have different ids " + ids + " on different devices";
        }
        String id = ids.iterator().next();
        return id.matches("[1-9]\\d{0,17}") ? null : "its id '" + id + "' is not a number snapledger can keep";
    }

    private static Instant takenAt(List<Finding> group) {
        SnapshotEntry entry = group.get(0).foreign().entry();
        return Instant.ofEpochSecond(entry.dateSec(), entry.dateNsec());
    }

    /** The snapshot taken last before {@code time}, or none. */
    private UUID parentFor(Instant time) {
        return ledger.queries().list(domain, ListFilter.all()).stream()
                .filter(n -> n.creationTime().isBefore(time))
                .max(Comparator.comparing(SnapshotNode::creationTime)).map(SnapshotNode::uuid).orElse(null);
    }

    private void record(Finding f, String detail, Set<String> recorded) {
        if (recorded.contains(key(f.device(), f.kind(), detail))) {
            outcomes.put(f, "recorded before");
            return;
        }
        ledger.send(new RecordDrift(domain, f.device(), f.kind(), detail, caller.meta("found by reconcile")));
        recorded.add(key(f.device(), f.kind(), detail));
        outcomes.put(f, detail.equals(f.detail()) ? "recorded as drift" : "recorded as drift (not adopted)");
    }

    private Set<String> recordedBefore() {
        ledger.catchUp();
        Set<String> keys = new HashSet<>();
        for (HistoryEntry h : ledger.queries().history(HistoryQuery.everything().domain(domain))) {
            if (h.type().equals("DriftDetected")) {
                JsonNode e = h.event();
                keys.add(key(e.path("device").asText(), e.path("kind").asText(), e.path("detail").asText()));
            }
        }
        return keys;
    }

    private static String key(String device, String kind, String detail) {
        return device + "\n" + kind + "\n" + detail;
    }
}
