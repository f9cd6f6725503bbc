package io.snapledger.qmp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One action of a QMP {@code transaction}: QEMU prepares every action, and only if all
 * prepared does it commit them, so a group of disks is snapshotted at one guest instant or not
 * at all.
 */
public sealed interface TransactionAction {
    ObjectNode toJson(ObjectMapper json);

    /**
     * External snapshot: {@code overlay} (a node already added with blockdev-add, backing null)
     * becomes the active layer above {@code node}, which becomes read-only backing. QEMU writes
     * {@code node}'s filename into the overlay's header as its backing file.
     */
    record BlockdevSnapshot(String node, String overlay) implements TransactionAction {
        @Override
        public ObjectNode toJson(ObjectMapper json) {
            ObjectNode action = json.createObjectNode().put("type", "blockdev-snapshot");
            action.putObject("data").put("node", node).put("overlay", overlay);
            return action;
        }
    }

    /**
     * Internal snapshot without memory state of the image at {@code node}. The argument QEMU
     * calls {@code device} takes a node name too (with -blockdev there is no named device).
     */
    record InternalSnapshotSync(String node, String name) implements TransactionAction {
        @Override
        public ObjectNode toJson(ObjectMapper json) {
            ObjectNode action = json.createObjectNode().put("type", "blockdev-snapshot-internal-sync");
            action.putObject("data").put("device", node).put("name", name);
            return action;
        }
    }

    static TransactionAction external(String node, String overlay) {
        return new BlockdevSnapshot(node, overlay);
    }

    static TransactionAction internal(String node, String name) {
        return new InternalSnapshotSync(node, name);
    }
}
