package io.snapledger.query;

import org.rocksdb.RocksDBException;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies positioned events inside one {@link ProjectionWrite}, the same way for the incremental
 * path and for a rebuild: an event at or before its source's position (stored, or reached earlier
 * in the unit) is skipped; one its domain's history already recorded (its aggregate sequence is
 * not past the last recorded) changes nothing but its source's position; any other is recorded in
 * the history, then {@link EventRules} apply it.
 */
final class EventApplier {

    private final ProjectionWrite write;
    private final HistoryWriter history;
    private final EventRules rules;

    EventApplier(ProjectionWrite write) {
        this.write = write;
        this.history = new HistoryWriter(write);
        this.rules = new EventRules(write);
    }

    /**
     * Applies the events; each source's position is written once, after its last event here.
     *
     * @return how many events were applied (not skipped)
     */
    int applyAll(List<PositionedEvent> events) throws RocksDBException {
        Map<String, ProjectionPosition> reached = new HashMap<>();
        int applied = 0;
        for (PositionedEvent positioned : events) {
            ProjectionPosition position = positioned.position();
            ProjectionPosition last = reached.containsKey(position.source()) ? reached.get(position.source())
                    : readPosition(write, position.source());
            if (position.notAfter(last)) {
                continue;
            }
            if (history.isNew(positioned)) {
                history.record(positioned);
                rules.apply(positioned.event());
                applied++;
            }
            reached.put(position.source(), position);
        }
        history.writeCounts();
        for (ProjectionPosition position : reached.values()) {
            write.put(Family.POSITIONS, Keys.text(position.source()), encode(position));
        }
        return applied;
    }

    private static ProjectionPosition readPosition(ProjectionWrite write, String source) throws RocksDBException {
        byte[] stored = write.get(Family.POSITIONS, Keys.text(source));
        return stored == null ? null : decode(source, stored);
    }

    /** A position as stored: the sequence, 8 bytes big-endian, then the token. */
    static byte[] encode(ProjectionPosition position) {
        byte[] token = position.token();
        return ByteBuffer.allocate(Long.BYTES + token.length).putLong(position.sequence()).put(token).array();
    }

    static ProjectionPosition decode(String source, byte[] stored) {
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        long sequence = buffer.getLong();
        byte[] token = new byte[buffer.remaining()];
        buffer.get(token);
        return new ProjectionPosition(source, sequence, token);
    }
}
