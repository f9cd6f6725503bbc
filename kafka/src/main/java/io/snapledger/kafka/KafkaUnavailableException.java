package io.snapledger.kafka;

/** Kafka did not take what was sent (broker down, timeout, refused): the batch is retried later. */
public final class KafkaUnavailableException extends RuntimeException {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
