package io.snapledger.query;

import io.snapledger.events.model.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a lineage needs of a node: its identities and its parent. Stored in the {@code links}
 * family beside each node in a small binary form, so that walking or loading a domain's parent
 * links reads no JSON:
 * <pre>
 * byte    1 if a parent follows, 0 for a root
 * 16      parent UUID (only if the first byte is 1)
 * 8       id
 * rest    name, UTF-8
 * </pre>
 */
record Link(SnapshotRef ref, @Nullable UUID parent) {

    static Link of(SnapshotNode node) {
        return new Link(node.ref(), node.parentUuid());
    }

    byte[] encode() {
        byte[] name = ref.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + (parent == null ? 0 : Keys.UUID_BYTES) + Long.BYTES + name.length);
        if (parent == null) {
            buffer.put((byte) 0);
        } else {
            buffer.put((byte) 1).put(Keys.uuid(parent));
        }
        return buffer.putLong(ref.id()).put(name).array();
    }

    static Link decode(UUID uuid, byte[] stored) {
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        UUID parent = buffer.get() == 1 ? new UUID(buffer.getLong(), buffer.getLong()) : null;
        long id = buffer.getLong();
        String name = new String(stored, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
        return new Link(new SnapshotRef(uuid, id, name), parent);
    }
}
