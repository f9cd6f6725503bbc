package io.snapledger.command.runtime;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Waits on the tracking processors of a configuration. A processor offers no notice for "reached
 * position N" or "claimed its segment", so these poll its status briefly until the condition holds
 * or the time is up.
 */
final class TrackingProcessors {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final Configuration configuration;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;

    TrackingProcessors(Configuration configuration, TokenStore tokenStore, TransactionManager transactions) {
        this.configuration = configuration;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
    }

    /**
     * Waits until every tracking processor has its token in the store. A processor that starts
     * at the end of the stream takes the end as it is when it first writes its token; commands
     * dispatched before that would produce events it never sees.
     */
    void awaitTokensStored(Duration timeout) {
        for (TrackingEventProcessor processor : all()) {
            await(() -> transactions.fetchInTransaction(() -> tokenStore.fetchSegments(processor.getName())).length > 0,
                    timeout, () -> "processor " + processor.getName() + " did not store its token within " + timeout);
        }
    }

    void resetAndReplay(String processingGroup, Duration timeout) {
        TrackingEventProcessor processor = byProcessingGroup(processingGroup);
        if (!processor.supportsReset()) {
            throw new IllegalArgumentException("processing group " + processingGroup + " cannot be replayed: its "
                    + "handlers do not support a reset (sagas never do)");
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        await(() -> !processor.processingStatus().isEmpty(), timeout,
                () -> "processor " + processor.getName() + " did not claim its segment within " + timeout
                        + " after the reset");
    }

    void awaitCaughtUp(String processingGroup, Duration timeout) {
        TrackingEventProcessor processor = byProcessingGroup(processingGroup);
        OptionalLong head = headPosition();
        await(() -> reached(processor, head), timeout,
                () -> "processor " + processor.getName() + " did not reach the head of the event store ("
                        + (head.isPresent() ? "event " + head.getAsLong() : "empty") + ") within " + timeout + "; "
                        + describe(processor));
    }

    /**
     * The position of the group's processor as it stands: the token of the last event it handled
     * (the lowest over its segments); empty before it claimed a segment or handled any event.
     */
    OptionalLong processedPosition(String processingGroup) {
        Map<Integer, EventTrackerStatus> segments = byProcessingGroup(processingGroup).processingStatus();
        if (segments.isEmpty() || segments.values().stream().anyMatch(s -> s.getCurrentPosition().isEmpty())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(segments.values().stream()
                .mapToLong(segment -> segment.getCurrentPosition().getAsLong()).min().orElseThrow());
    }

    TrackingEventProcessor byProcessingGroup(String processingGroup) {
        return configuration.eventProcessingConfiguration()
                .eventProcessorByProcessingGroup(processingGroup, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no tracking processor runs processing group '"
                        + processingGroup + "'; the processors are "
                        + configuration.eventProcessingConfiguration().eventProcessors().keySet()));
    }

    private List<TrackingEventProcessor> all() {
        return configuration.eventProcessingConfiguration().eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .collect(Collectors.toList());
    }

    private OptionalLong headPosition() {
        TrackingToken head = configuration.eventStore().createHeadToken();
        return head == null ? OptionalLong.empty() : head.position();
    }

    private static boolean reached(TrackingEventProcessor processor, OptionalLong head) {
        if (!processor.isRunning()) {
            throw new IllegalStateException("processor " + processor.getName() + " is not running");
        }
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return false;
        }
        return head.isEmpty() || segments.values().stream()
                .allMatch(segment -> segment.getCurrentPosition().orElse(-1) >= head.getAsLong());
    }

    private static String describe(TrackingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return "it holds no segment";
        }
        return segments.values().stream()
                .map(segment -> "segment " + segment.getSegment().getSegmentId() + " at "
                        + (segment.getCurrentPosition().isPresent() ? segment.getCurrentPosition().getAsLong() : "start")
                        + (segment.isErrorState() ? ", failing: " + segment.getError() : ""))
                .collect(Collectors.joining("; "));
    }

    private static void await(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new ProcessorTimeoutException(failure.get());
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting: " + failure.get());
            }
        }
    }
}
