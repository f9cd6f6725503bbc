package io.snapledger.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The QMP commands snapledger needs from a running VM, typed: snapshot jobs, transactions of
 * internal and external disk snapshots, overlay nodes, commit and stream, run state, memory state
 * to and from a file, and the devices' image chains. Every argument form here was checked against
 * QEMU 7.2 (see docs/qemu-live.md).
 *
 * <p>Node arguments are format node names ({@link NodeNames}); QEMU's "device" arguments accept
 * node names as well, and with -blockdev there are no named block devices to give anyway.
 */
public final class LiveBlock {
    /** Long enough for snapshot jobs on small test VMs; pass your own for real disks. */
    public static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final Set<String> MIGRATION_ENDS = Set.of("completed", "failed", "cancelled");

    private final QmpClient qmp;
    private final QmpJobs jobs;

    public LiveBlock(QmpClient qmp) {
        this.qmp = qmp;
        this.jobs = new QmpJobs(qmp);
    }

    public QmpClient qmp() {
        return qmp;
    }

    public QmpJobs jobs() {
        return jobs;
    }

    // ---- internal snapshots with memory state (jobs) ----

    /**
     * Saves memory state into {@code vmstateNode}'s image and takes internal snapshot {@code tag}
     * on every node in {@code nodes} (which must include {@code vmstateNode}). QEMU stops the VM
     * for the save and resumes it if it was running.
     */
    public JobInfo snapshotSave(String jobId, String tag, String vmstateNode, List<String> nodes,
                                JobProgressListener listener, Duration timeout) {
        ObjectNode args = jobArgs(jobId).put("tag", tag).put("vmstate", vmstateNode);
        args.set("devices", names(nodes));
        return jobs.run("snapshot-save", args, listener, timeout);
    }

    /** Reverts the disks in {@code nodes} and the memory state to internal snapshot {@code tag}. */
    public JobInfo snapshotLoad(String jobId, String tag, String vmstateNode, List<String> nodes,
                                JobProgressListener listener, Duration timeout) {
        ObjectNode args = jobArgs(jobId).put("tag", tag).put("vmstate", vmstateNode);
        args.set("devices", names(nodes));
        return jobs.run("snapshot-load", args, listener, timeout);
    }

    /**
     * Deletes internal snapshot {@code tag} from every node in {@code nodes}. QEMU 7.2 succeeds
     * when the tag is not there (so a retried delete is harmless).
     */
    public JobInfo snapshotDelete(String jobId, String tag, List<String> nodes, JobProgressListener listener,
                                  Duration timeout) {
        ObjectNode args = jobArgs(jobId).put("tag", tag);
        args.set("devices", names(nodes));
        return jobs.run("snapshot-delete", args, listener, timeout);
    }

    // ---- disk-only snapshots, atomically over several disks ----

    /** Runs the actions as one QMP transaction: all take effect, or none (the error says why). */
    public void transaction(List<TransactionAction> actions) {
        ArrayNode list = qmp.json().createArrayNode();
        actions.forEach(a -> list.add(a.toJson(qmp.json())));
        ObjectNode args = qmp.arguments();
        args.set("actions", list);
        qmp.execute("transaction", args);
    }

    /**
     * Opens {@code file}, an existing qcow2 overlay (snapledger creates it beforehand with its
     * mark), as format node {@code nodeName} over file node {@code fileNodeName}, without opening
     * its backing chain ({@code backing: null}): blockdev-snapshot then attaches the current
     * active node as its backing.
     */
    public void addOverlayNode(String nodeName, String fileNodeName, Path file) {
        ObjectNode args = qmp.arguments().put("driver", "qcow2").put("node-name", nodeName);
        args.putNull("backing");
        args.putObject("file").put("driver", "file").put("filename", file.toAbsolutePath().toString())
                .put("node-name", fileNodeName);
        blockdevAdd(args);
    }

    /** {@code blockdev-add} with arguments of the caller's making. */
    public void blockdevAdd(ObjectNode arguments) {
        qmp.execute("blockdev-add", arguments);
    }

    /**
     * Removes a node added with blockdev-add (or -blockdev) that nothing uses any more. Deleting a
     * format node whose file node was added inline with it deletes that file node too.
     */
    public void blockdevDel(String nodeName) {
        qmp.execute("blockdev-del", qmp.arguments().put("node-name", nodeName));
    }

    // ---- merging layers (jobs) ----

    /**
     * Commits {@code topNode} (or, when null, the active layer) of the chain whose active node is
     * {@code activeNode} down into {@code baseNode} (or, when null, the bottom image). An active
     * commit reaches "ready" and is completed here, which switches the device to the base; the
     * overlay node stays open until {@link #blockdevDel}.
     *
     * @param bytesPerSecond 0 for unlimited
     */
    public JobInfo blockCommit(String jobId, String activeNode, String topNode, String baseNode, long bytesPerSecond,
                               JobProgressListener listener, Duration timeout) {
        ObjectNode args = blockJobArgs(jobId, activeNode, bytesPerSecond);
        if (topNode != null) {
            args.put("top-node", topNode);
        }
        if (baseNode != null) {
            args.put("base-node", baseNode);
        }
        return jobs.run("block-commit", args, listener, timeout);
    }

    /**
     * Copies into {@code node} the data of its backing chain down to (not including)
     * {@code baseNode}; with null, the whole chain, after which {@code node} has no backing.
     */
    public JobInfo blockStream(String jobId, String node, String baseNode, long bytesPerSecond,
                               JobProgressListener listener, Duration timeout) {
        ObjectNode args = blockJobArgs(jobId, node, bytesPerSecond);
        if (baseNode != null) {
            args.put("base-node", baseNode);
        }
        return jobs.run("block-stream", args, listener, timeout);
    }

    /** Starts a block-stream and returns at once (for callers that follow it with {@link #jobs()}). */
    public void startBlockStream(String jobId, String node, long bytesPerSecond) {
        qmp.execute("block-stream", blockJobArgs(jobId, node, bytesPerSecond));
    }

    // ---- run state ----

    public void stop() {
        qmp.execute("stop");
    }

    public void cont() {
        qmp.execute("cont");
    }

    public RunState queryStatus() {
        JsonNode s = qmp.execute("query-status");
        return new RunState(s.path("status").asText(), s.path("running").asBoolean());
    }

    /** Asks QEMU to quit; the connection then closes. */
    public void quit() {
        qmp.execute("quit");
    }

    // ---- external memory state ----

    /**
     * Writes the VM's memory and device state to {@code file} with {@code migrate} to
     * {@code exec:cat > FILE} (QEMU 7.2 has no {@code file:} URI) and waits for it to complete.
     * The VM must be paused first, so the state matches the disks at that instant; afterwards it
     * is in {@code postmigrate} and runs again on {@link #cont}.
     */
    public MigrationResult migrateToFile(Path file, Duration timeout) {
        RunState state = queryStatus();
        if (state.running()) {
            throw new IllegalStateException("stop the VM before saving its memory state (it is " + state.status() + ")");
        }
        enableMigrationEvents();
        qmp.discardEvents(e -> e.is("MIGRATION")); // a failed earlier attempt leaves "failed" behind
        qmp.execute("migrate", qmp.arguments().put("uri", "exec:cat > " + shellQuote(file)));
        return awaitMigration(timeout);
    }

    /**
     * For a QEMU started with {@code -incoming defer}: loads memory state from {@code file} with
     * {@code migrate-incoming exec:cat FILE} and waits until it is loaded. The VM then is paused
     * when the saved VM was paused (as snapledger saves it), running otherwise.
     */
    public RunState migrateIncomingFromFile(Path file, Duration timeout) {
        enableMigrationEvents();
        qmp.discardEvents(e -> e.is("MIGRATION"));
        qmp.execute("migrate-incoming", qmp.arguments().put("uri", "exec:cat " + shellQuote(file)));
        awaitMigration(timeout);
        return queryStatus();
    }

    /** The {@code exec:} URI with which {@code -incoming} loads memory state from {@code file}. */
    public static String incomingUri(Path file) {
        return "exec:cat " + shellQuote(file);
    }

    private void enableMigrationEvents() {
        ObjectNode args = qmp.arguments();
        args.putArray("capabilities").addObject().put("capability", "events").put("state", true);
        qmp.execute("migrate-set-capabilities", args);
    }

    private MigrationResult awaitMigration(Duration timeout) {
        QmpEvent end = qmp.awaitEvent(e -> e.is("MIGRATION") && MIGRATION_ENDS.contains(e.text("status")), timeout);
        JsonNode info = qmp.execute("query-migrate");
        String status = end.text("status");
        if (!"completed".equals(status)) {
            String error = info.path("error-desc").asText(status);
            throw new QmpException("MigrationFailed", error, "migration " + status + ": " + error);
        }
        return new MigrationResult(status, info.path("total-time").asLong(), info.path("ram").path("transferred").asLong());
    }

    // ---- what QEMU has open ----

    /** Every guest disk with its chain of open images and their internal snapshots. */
    public List<BlockDevice> queryBlock() {
        List<BlockDevice> devices = new ArrayList<>();
        for (JsonNode d : qmp.execute("query-block")) {
            JsonNode inserted = d.get("inserted");
            if (inserted == null) {
                continue; // an empty drive: nothing to snapshot
            }
            String qdev = d.path("qdev").asText();
            List<ImageLayer> chain = new ArrayList<>();
            for (JsonNode image = inserted.get("image"); image != null; image = image.get("backing-image")) {
                chain.add(layer(image));
            }
            devices.add(new BlockDevice(deviceId(qdev, d.path("device").asText()), qdev,
                    inserted.path("node-name").asText(), chain));
        }
        return devices;
    }

    /** The device called {@code device} (qdev id), or an error naming the ones there are. */
    public BlockDevice device(String device) {
        List<BlockDevice> all = queryBlock();
        return all.stream().filter(d -> d.device().equals(device)).findFirst()
                .orElseThrow(() -> new QmpException("DeviceNotFound", device, "no disk " + device + " in QEMU; it has "
                        + all.stream().map(BlockDevice::device).toList()));
    }

    public List<NamedNode> namedNodes() {
        List<NamedNode> nodes = new ArrayList<>();
        for (JsonNode n : qmp.execute("query-named-block-nodes", qmp.arguments().put("flat", true))) {
            nodes.add(new NamedNode(n.path("node-name").asText(), n.path("drv").asText(), n.path("file").asText(),
                    n.path("ro").asBoolean()));
        }
        return nodes;
    }

    /**
     * The image file behind a QEMU filename: itself, or the {@code file.filename} of a
     * {@code json:{"driver": "qcow2", "file": {"driver": "file", "filename": ...}, ...}} one.
     */
    String plainFilename(String qemuFilename) {
        if (!qemuFilename.startsWith("json:")) {
            return qemuFilename;
        }
        try {
            JsonNode spec = qmp.json().readTree(qemuFilename.substring("json:".length()));
            JsonNode file = spec.path("file").path("filename");
            return file.isTextual() ? file.asText() : qemuFilename;
        } catch (java.io.IOException e) {
            return qemuFilename;
        }
    }

    private ImageLayer layer(JsonNode image) {
        List<InternalSnapshot> snapshots = new ArrayList<>();
        for (JsonNode s : image.path("snapshots")) {
            snapshots.add(new InternalSnapshot(s.path("id").asText(), s.path("name").asText(),
                    s.path("vm-state-size").asLong(),
                    Instant.ofEpochSecond(s.path("date-sec").asLong(), s.path("date-nsec").asLong()),
                    s.path("vm-clock-sec").asLong() * 1_000_000_000L + s.path("vm-clock-nsec").asLong()));
        }
        JsonNode backing = image.get("backing-filename");
        String qemuFilename = image.path("filename").asText();
        return new ImageLayer(plainFilename(qemuFilename), qemuFilename, image.path("format").asText(),
                image.path("virtual-size").asLong(), backing == null ? null : backing.asText(), snapshots);
    }

    /** "vda" from "/machine/peripheral/vda/virtio-backend"; the legacy device name otherwise. */
    static String deviceId(String qdev, String legacyName) {
        String prefix = "/machine/peripheral/";
        if (qdev.startsWith(prefix)) {
            String rest = qdev.substring(prefix.length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return legacyName.isEmpty() ? qdev : legacyName;
    }

    private ObjectNode jobArgs(String jobId) {
        return qmp.arguments().put("job-id", jobId);
    }

    private ObjectNode blockJobArgs(String jobId, String device, long bytesPerSecond) {
        ObjectNode args = jobArgs(jobId).put("device", device).put("auto-dismiss", false);
        if (bytesPerSecond > 0) {
            args.put("speed", bytesPerSecond);
        }
        return args;
    }

    private ArrayNode names(List<String> nodes) {
        ArrayNode array = qmp.json().createArrayNode();
        nodes.forEach(array::add);
        return array;
    }

    /** exec: URIs run through /bin/sh -c: quote the path as one shell word. */
    static String shellQuote(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    }
}
