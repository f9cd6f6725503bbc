package io.snapledger.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Internal snapshots as qemu-img shows them (its table and its JSON fields), plus the snapshot
 * UUID and parent UUID snapledger keeps in each entry's extra data. Entries QEMU made have none.
 */
final class SnapshotListing {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private SnapshotListing() {
    }

    static ArrayNode json(List<SnapshotEntry> snapshots) {
        ArrayNode array = Json.array();
        snapshots.forEach(s -> array.add(json(s)));
        return array;
    }

    static ObjectNode json(SnapshotEntry s) {
        ObjectNode node = Json.object()
                .put("id", s.id())
                .put("name", s.name())
                .put("vm-state-size", s.vmStateSize())
                .put("date-sec", s.dateSec())
                .put("date-nsec", s.dateNsec())
                .put("vm-clock-sec", s.vmClockNsec() / NANOS_PER_SECOND)
                .put("vm-clock-nsec", s.vmClockNsec() % NANOS_PER_SECOND);
        if (s.icount() != -1) {
            node.put("icount", s.icount());
        }
        node.put("uuid", text(s.uuid()));
        node.put("parent-uuid", text(s.parentUuid()));
        return node;
    }

    private static String text(UUID uuid) {
        return uuid == null ? null : uuid.toString();
    }

    /** "Snapshot list:" and qemu-img's columns (dates in local time, as QEMU prints them), then ours. */
    static String table(List<SnapshotEntry> snapshots) {
        StringBuilder text = new StringBuilder("Snapshot list:\n");
        text.append(String.format("%-10s%-17s%8s%20s%13s%11s  %-36s  %s\n",
                "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK", "ICOUNT", "UUID", "PARENT"));
        for (SnapshotEntry s : snapshots) {
            String date = DATE.format(Instant.ofEpochSecond(s.dateSec()).atZone(ZoneId.systemDefault()));
            text.append(String.format("%-9s %-16s %8s%20s%13s%11s  %-36s  %s\n",
                    s.id(), s.name(), QemuSize.human(s.vmStateSize()), date, vmClock(s.vmClockNsec()),
                    s.icount() == -1 ? "" : Long.toString(s.icount()),
                    s.uuid() == null ? "-" : s.uuid(), s.parentUuid() == null ? "-" : s.parentUuid()));
        }
        return text.toString();
    }

    private static String vmClock(long nanos) {
        long seconds = nanos / NANOS_PER_SECOND;
        return String.format("%02d:%02d:%02d.%03d",
                seconds / 3600, (seconds / 60) % 60, seconds % 60, (nanos / 1_000_000) % 1000);
    }
}
