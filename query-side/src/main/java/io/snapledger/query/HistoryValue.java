package io.snapledger.query;

import io.snapledger.events.model.Nullable;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A history entry as stored: what its key does not already say (the domain, the time and the
 * sequence are the key's), in a few bytes of binary summary followed by the event's JSON. The
 * summary is what the history is filtered and listed by, so a listing reads it without parsing
 * the event; the event's JSON is kept byte for byte as {@code EventJson} wrote it.
 *
 * <pre>
 * byte    layout (1)
 * byte    flags: 1 = a snapshot UUID follows, 2 = a reason follows
 * int     revision of the event's payload
 * string  type name
 * 16      event id, then 16 correlation id
 * [16]    snapshot UUID
 * string  actor
 * [string reason]
 * rest    the event's JSON
 * </pre>
 * A string is its UTF-8 length as an int, then its bytes.
 */
final class HistoryValue {

    private static final byte LAYOUT = 1;
    private static final int HAS_SNAPSHOT = 1;
    private static final int HAS_REASON = 2;

    /** The stored value's summary fields and where its event's JSON starts. */
    record Summary(String type, int revision, @Nullable UUID snapshotUuid, String actor, @Nullable String reason,
                   UUID correlationId, UUID eventId, int eventOffset) {
    }

    private HistoryValue() {
    }

    static byte[] encode(String type, int revision, @Nullable UUID snapshotUuid, String actor, @Nullable String reason,
                         UUID correlationId, UUID eventId, byte[] eventJson) {
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        byte[] actorBytes = actor.getBytes(StandardCharsets.UTF_8);
        byte[] reasonBytes = reason == null ? null : reason.getBytes(StandardCharsets.UTF_8);
        int size = 2 + Integer.BYTES + Integer.BYTES + typeBytes.length + 32 + (snapshotUuid == null ? 0 : 16)
                + Integer.BYTES + actorBytes.length + (reasonBytes == null ? 0 : Integer.BYTES + reasonBytes.length)
                + eventJson.length;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(LAYOUT).put((byte) ((snapshotUuid == null ? 0 : HAS_SNAPSHOT) | (reason == null ? 0 : HAS_REASON)));
        out.putInt(revision);
        putString(out, typeBytes);
        putUuid(out, eventId);
        putUuid(out, correlationId);
        if (snapshotUuid != null) {
            putUuid(out, snapshotUuid);
        }
        putString(out, actorBytes);
        if (reasonBytes != null) {
            putString(out, reasonBytes);
        }
        out.put(eventJson);
        return out.array();
    }

    /**
     * @throws IllegalArgumentException if the bytes are no stored history value of this layout
     */
    static Summary summary(byte[] value) {
        try {
            ByteBuffer in = ByteBuffer.wrap(value);
            byte layout = in.get();
            if (layout != LAYOUT) {
                throw new IllegalArgumentException("unknown history value layout " + layout);
            }
            int flags = in.get();
            int revision = in.getInt();
            String type = string(in);
            UUID eventId = uuid(in);
            UUID correlationId = uuid(in);
            UUID snapshotUuid = (flags & HAS_SNAPSHOT) != 0 ? uuid(in) : null;
            String actor = string(in);
            String reason = (flags & HAS_REASON) != 0 ? string(in) : null;
            return new Summary(type, revision, snapshotUuid, actor, reason, correlationId, eventId, in.position());
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a history value cut short (" + value.length + " bytes)", e);
        }
    }

    /** The entry stored under {@code key}; its event's JSON is parsed by {@code json}. */
    static HistoryEntry entry(Keys.HistoryKey key, byte[] value, StoreJson json) {
        Summary summary = summary(value);
        return new HistoryEntry(key.domain(), key.sequence(), key.time(), summary.type(), summary.revision(),
                summary.snapshotUuid(), summary.actor(), summary.reason(), summary.correlationId(), summary.eventId(),
                json.tree(value, summary.eventOffset(), value.length - summary.eventOffset()));
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putInt(utf8.length).put(utf8);
    }

    private static void putUuid(ByteBuffer out, UUID uuid) {
        out.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static UUID uuid(ByteBuffer in) {
        return new UUID(in.getLong(), in.getLong());
    }
}
