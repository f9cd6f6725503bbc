package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.query.SnapshotDevice;
import io.snapledger.query.SnapshotInfo;
import io.snapledger.query.SnapshotNode;

/** The JSON shape of a snapshot in every {@code --json} output. */
final class SnapshotJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotJson() {
    }

    static ObjectNode of(SnapshotInfo info) {
        return of(info.snapshot(), info.current(), info.descendants());
    }

    /** For lists: the caller counts descendants once over the whole tree rather than once per snapshot. */
    static ObjectNode of(SnapshotNode node, boolean current, int descendants) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("uuid", node.uuid().toString());
        json.put("id", node.id());
        json.put("name", node.name());
        json.put("description", node.description());
        json.put("parent", node.parentUuid() == null ? null : node.parentUuid().toString());
        json.put("current", current);
        json.put("state", node.state().name().toLowerCase());
        json.put("creationTime", node.creationTime().toString());
        json.put("memory", node.memoryMode().name().toLowerCase());
        json.put("children", node.children().size());
        json.put("descendants", descendants);
        ArrayNode devices = json.putArray("devices");
        for (SnapshotDevice d : node.devices()) {
            ObjectNode device = devices.addObject();
            device.put("device", d.device());
            device.put("snapshot", d.mode().name().toLowerCase());
            device.put("file", d.overlay() != null ? d.overlay() : d.image());
            device.put("image", d.image());
            device.put("contentDigest", d.contentDigest());
        }
        return json;
    }

    static String pretty(Object json) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
