package io.snapledger.query;

import io.snapledger.events.model.Require;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * How far a projection has read one source of events. Stored in the same RocksDB write batch as
 * the changes the events made, so data and position never disagree after a crash.
 *
 * <p>A <em>source</em> is one totally ordered stream, named by the adapter that feeds it, e.g.
 * {@code axon:snapshot-projection} or {@code kafka:snapledger.events.v1:3} (one source per Kafka
 * partition, since offsets are only ordered within a partition). One store may hold the positions
 * of several sources.
 *
 * <p>The {@code token} is opaque to the projection (a serialized Axon tracking token, a Kafka
 * offset, ...): the adapter reads it back to resume. The {@code sequence} is what the projection
 * compares: it must grow with every event the source delivers, and an event whose sequence is not
 * greater than the stored one for its source was already applied and is skipped. A Kafka offset
 * is such a sequence. An Axon gap-aware token is not (a gap filled late has a lower index), so
 * an Axon adapter numbers its deliveries itself (the stored sequence plus one) and resumes from
 * the token; Axon's own exactly-once then comes from the token being stored atomically here.
 *
 * @param source   the stream's name; not blank
 * @param sequence a per-source number that increases with every delivered event; not negative
 * @param token    what the adapter needs to resume the source; may be empty, never null
 */
public record ProjectionPosition(String source, long sequence, byte[] token) {

    public ProjectionPosition {
        Require.nonBlank(source, "source");
        Require.notNegative(sequence, "sequence");
        token = Require.nonNull(token, "token").clone();
    }

    /** A position whose source needs nothing but the sequence to resume, e.g. a Kafka offset. */
    public static ProjectionPosition of(String source, long sequence) {
        return new ProjectionPosition(source, sequence, new byte[0]);
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] token() {
        return token.clone();
    }

    /** Whether an event at this position was already applied by a store that holds {@code stored}. */
    public boolean notAfter(ProjectionPosition stored) {
        return stored != null && source.equals(stored.source) && sequence <= stored.sequence;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProjectionPosition that && source.equals(that.source)
                && sequence == that.sequence && Arrays.equals(token, that.token);
    }

    @Override
    public int hashCode() {
        return (source.hashCode() * 31 + Long.hashCode(sequence)) * 31 + Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        return "ProjectionPosition[" + source + " @" + sequence + ", token=" + HexFormat.of().formatHex(token) + "]";
    }
}
