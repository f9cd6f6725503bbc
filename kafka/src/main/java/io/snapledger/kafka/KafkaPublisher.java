package io.snapledger.kafka;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.json.EventJson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publishes every stored event to Kafka, in store order, from its own tracking processor
 * ({@link #GROUP}). The processor hands over batches, and each batch is one Kafka transaction:
 * each event's record is sent as it arrives, without waiting, and before the batch's unit of
 * work commits (and with it the processor's token) the lineage records follow and the
 * transaction is committed, which Kafka refuses unless every record was acknowledged
 * ({@code acks=all}). A batch that fails is aborted, so a {@code read_committed} consumer sees
 * none of it (an idempotent producer alone could leave a gap: a record that expired, then the
 * records after it written); its producer is discarded, the token stays and Axon retries the
 * batch later with a new producer, whose start aborts whatever the old one left open. A batch
 * Kafka committed whose token was not stored (the process died between the two) is sent again
 * whole, and a consumer drops it by the aggregate-sequence rule. The lineage records of a batch
 * that failed, or of a process that died before the commit, are re-sent by the next batch (see
 * {@link LineageFeed}). Never runs on a replay: a replay must not publish history again.
 *
 * <p>Handler methods never throw (Axon would log and skip the event); problems are kept with the
 * batch and thrown when it is about to commit, which rolls the batch back.
 */
@DisallowReplay
public final class KafkaPublisher {
    public static final String GROUP = "kafka-publisher";
    /**
     * Events per unit of work: the lineage tree's write, the token and the wait for the last
     * acknowledgements are paid once per batch, and a snapshot several events of a batch touch is
     * read and sent once, so a backlog goes faster in big batches (in {@code KafkaBench} 1,000
     * published about 1.5 times as fast as 200); live traffic forms small batches anyway, as the
     * processor takes what is there.
     */
    public static final int BATCH_SIZE = 1000;
    private static final String BATCH_RESOURCE = KafkaPublisher.class.getName() + ".batch";

    private final Supplier<Producer<byte[], byte[]>> producers;
    /** The transactional producer in use; null until a batch needs one, and after a batch failed. */
    private volatile Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final KafkaSettings settings;
    private final LineageFeed lineage;
    private final EventRecords records = new EventRecords(EventJson.standard());
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile boolean topicsReady;
    private volatile TrackingToken committedPosition;

    /** @param producers makes a transactional producer, each with the same transactional id */
    KafkaPublisher(Supplier<Producer<byte[], byte[]>> producers, Admin admin, KafkaSettings settings,
                   LineageFeed lineage) {
        this.producers = producers;
        this.admin = admin;
        this.settings = settings;
        this.lineage = lineage;
    }

    @EventHandler
    public void on(DomainEvent event, EventMessage<?> message, TrackingToken token) {
        Batch batch = currentBatch();
        long sequence = message instanceof DomainEventMessage<?> domainMessage ? domainMessage.getSequenceNumber() : -1;
        batch.events.add(new SequencedEvent(event, sequence));
        batch.lastToken = token;
        if (batch.failure != null) {
            return;
        }
        try {
            ensureTopics();
            if (batch.producer == null) {
                batch.producer = producer();
                batch.producer.beginTransaction();
            }
            batch.producer.send(records.of(event, sequence));
        } catch (RuntimeException e) {
            batch.failure = e;
        }
    }

    /** The position of the last batch Kafka acknowledged in this process, or null. */
    TrackingToken committedPosition() {
        return committedPosition;
    }

    /** How many batches failed (and were rolled back) in this process. */
    long failedBatches() {
        return failedBatches.get();
    }

    /** The producer in use, or a new one with its transactions started (fencing any older one). */
    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Producer<byte[], byte[]> made = producers.get();
            try {
                made.initTransactions();
            } catch (RuntimeException e) {
                made.close(Duration.ZERO);
                throw e;
            }
            producer = made;
        }
        return producer;
    }

    /** After a failed batch: nothing of this producer's open transaction must ever be committed. */
    private void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    /** Closes the producer in use, waiting a little for what it still sends. */
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
    }

    private void ensureTopics() {
        if (!topicsReady) {
            KafkaTopics.ensure(admin, settings);
            topicsReady = true;
        }
    }

    private Batch currentBatch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH_RESOURCE, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> complete(batch));
            unitOfWork.onRollback(u -> {
                failedBatches.incrementAndGet();
                if (batch.producer != null) {
                    discardProducer();
                }
            });
            unitOfWork.afterCommit(u -> committedPosition = batch.lastToken);
            return batch;
        });
    }

    /**
     * Sends the batch's lineage records and commits. The flush ends when every record is
     * acknowledged or has expired ({@code delivery.timeout.ms}), so each record has its whole
     * delivery time (the commit alone would give up after {@code max.block.ms}, with records still
     * on their way); the commit then fails if any send did, and otherwise waits only for the
     * transaction coordinator, at most {@code max.block.ms}.
     */
    private void complete(Batch batch) {
        if (batch.failure != null) {
            throw unavailable(batch.failure);
        }
        List<ProducerRecord<byte[], byte[]>> lineageRecords = lineage.apply(batch.events);
        try {
            lineageRecords.forEach(batch.producer::send);
            batch.producer.flush();
            batch.producer.commitTransaction();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        lineage.clearDirty();
    }

    private KafkaUnavailableException unavailable(Throwable cause) {
        return new KafkaUnavailableException("Kafka at " + settings.bootstrap() + " did not acknowledge the events: "
                + KafkaTopics.rootMessage(cause), cause);
    }

    /** The events of one unit of work. */
    private static final class Batch {
        final List<SequencedEvent> events = new ArrayList<>();
        /** The producer whose transaction holds the batch; null until its first send. */
        Producer<byte[], byte[]> producer;
        TrackingToken lastToken;
        RuntimeException failure;
    }
}
