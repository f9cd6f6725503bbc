package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.core.LiveDisk;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.query.DeviceImage;
import io.snapledger.query.DomainView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code query-snapshots}: what the images themselves hold, read from each device's active layer,
 * in the shape QMP's {@code query-snapshots} proposal gave it and with qemu-img's field names, so
 * the ledger can be checked against the disks: every device should show the same ids and names.
 * For a running live domain the answer comes from its QEMU ({@code query-block}), which has the
 * images open and knows their tables better than a read of the files.
 */
@Command(name = "query-snapshots",
        description = "Print, as JSON, each device's qcow2 snapshot table as the image holds it.")
public final class QuerySnapshotsCommand implements Callable<Integer> {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN")
    private String domain;

    @Override
    public Integer call() throws IOException {
        DomainView view;
        Optional<List<LiveDisk>> live;
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            view = Snapshots.domain(ledger.queries(), domain);
            live = ledger.liveDisks(domain);
        }
        if (live.isPresent()) {
            Main.of(spec).out().println(SnapshotJson.pretty(liveJson(live.get())));
            return 0;
        }
        ArrayNode devices = SnapshotJson.MAPPER.createArrayNode();
        for (DeviceImage device : view.devices()) {
            ObjectNode node = devices.addObject();
            node.put("device", device.name());
            node.put("file", device.path());
            node.put("format", device.format().name().toLowerCase());
            ArrayNode snapshots = node.putArray("snapshots");
            for (SnapshotEntry entry : entries(device)) {
                snapshots.add(json(entry));
            }
        }
        Main.of(spec).out().println(SnapshotJson.pretty(devices));
        return 0;
    }

    /** A running domain: what its QEMU lists ({@code query-block}); QMP shows no extra data, so no UUIDs. */
    private static ArrayNode liveJson(List<LiveDisk> disks) {
        ArrayNode devices = SnapshotJson.MAPPER.createArrayNode();
        for (LiveDisk disk : disks) {
            ObjectNode node = devices.addObject();
            node.put("device", disk.device());
            node.put("file", disk.file());
            node.put("format", disk.format());
            node.put("source", "qemu");
            ArrayNode snapshots = node.putArray("snapshots");
            for (LiveDisk.Entry entry : disk.snapshots()) {
                snapshots.addObject().put("id", entry.id()).put("name", entry.name())
                        .put("vm-state-size", entry.vmStateSize()).put("date-sec", entry.dateSec())
                        .put("date-nsec", entry.dateNsec()).put("vm-clock-sec", entry.vmClockNanos() / NANOS_PER_SECOND)
                        .put("vm-clock-nsec", entry.vmClockNanos() % NANOS_PER_SECOND);
            }
        }
        return devices;
    }

    /** A raw image has no snapshot table. */
    private static List<SnapshotEntry> entries(DeviceImage device) throws IOException {
        if (device.format() != ImageFormat.QCOW2) {
            return List.of();
        }
        try (Qcow2Image image = Qcow2Image.open(Path.of(device.path()), false)) {
            return image.snapshots();
        }
    }

    private static ObjectNode json(SnapshotEntry entry) {
        ObjectNode json = SnapshotJson.MAPPER.createObjectNode()
                .put("id", entry.id())
                .put("name", entry.name())
                .put("vm-state-size", entry.vmStateSize())
                .put("date-sec", entry.dateSec())
                .put("date-nsec", entry.dateNsec())
                .put("vm-clock-sec", entry.vmClockNsec() / NANOS_PER_SECOND)
                .put("vm-clock-nsec", entry.vmClockNsec() % NANOS_PER_SECOND);
        if (entry.icount() != -1) {
            json.put("icount", entry.icount());
        }
        json.put("uuid", entry.uuid() == null ? null : entry.uuid().toString());
        json.put("parent-uuid", entry.parentUuid() == null ? null : entry.parentUuid().toString());
        return json;
    }
}
