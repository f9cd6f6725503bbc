package io.snapledger.events.kafka;

/**
 * The names a producer and its consumers share: topics and record headers. The topics and
 * payloads are described in {@code docs/kafka.md}; the event payloads' schemas are the
 * {@code /schemas/v*}{@code /*.schema.json} resources of this module, the lineage value's is
 * {@value #LINEAGE_SCHEMA_RESOURCE}.
 */
public final class KafkaContract {

    /** Every event, keyed by domain name: one domain's events are in one partition, in order. */
    public static final String EVENTS_TOPIC = "snapledger.events.v1";
    /** Compacted: key = snapshot UUID, value = {@link LineageNode} JSON, tombstone when the snapshot is gone. */
    public static final String LINEAGE_TOPIC = "snapledger.lineage.v1";
    public static final String LINEAGE_SCHEMA_RESOURCE = "/kafka/lineage-node.v1.schema.json";

    /** The event's own id (UUID text); the same as the payload's {@code meta.eventId}. */
    public static final String HEADER_EVENT_ID = "event-id";
    /** The stable event type name, e.g. {@code SnapshotStarted}. */
    public static final String HEADER_TYPE = "type";
    /** The payload's revision (decimal text); read older ones through {@code EventJson}'s upcasters. */
    public static final String HEADER_REVISION = "revision";
    /**
     * The event's position in its domain's own stream (decimal text, from 0, no gaps): the
     * duplicate rule drops an event whose sequence is not above the last one seen for its domain.
     */
    public static final String HEADER_AGGREGATE_SEQUENCE = "aggregate-sequence";
    /** The operation the event belongs to (UUID text). */
    public static final String HEADER_CORRELATION_ID = "correlation-id";
    /** Who caused the event. */
    public static final String HEADER_ACTOR = "actor";

    private KafkaContract() {
    }
}
