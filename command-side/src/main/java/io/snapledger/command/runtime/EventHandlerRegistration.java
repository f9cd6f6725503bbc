package io.snapledger.command.runtime;

import java.util.Objects;

/**
 * An event handler the application adds to the runtime (a projection, a publisher), with the
 * processing group it runs in. Each group is a tracking processor of its own with its own token
 * in the event store database: it resumes where it stopped after a restart and can be replayed
 * with {@link CommandRuntime#resetAndReplay(String)}. A new group starts from the first event.
 *
 * @param handler         an object with {@code @EventHandler} methods
 * @param processingGroup the group's name, also the processor's name
 * @param batchSize       how many events the processor hands over in one unit of work (one
 *                        transaction, one token update); 1 unless the handler gains from batches
 * @param historyIsLive   whether a new group receives the events stored before it existed as live
 *                        events: Axon's default hands them over as a replay, which
 *                        {@code @DisallowReplay} handlers skip; a publisher added to a home with
 *                        history must publish that history, so it sets this
 */
public record EventHandlerRegistration(Object handler, String processingGroup, int batchSize,
                                       boolean historyIsLive) {

    public EventHandlerRegistration(Object handler, String processingGroup) {
        this(handler, processingGroup, 1, false);
    }

    public EventHandlerRegistration {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize of " + processingGroup + " must be at least 1, was " + batchSize);
        }
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(processingGroup, "processingGroup");
        if (processingGroup.isBlank()) {
            throw new IllegalArgumentException("processingGroup of " + handler.getClass().getName() + " is blank");
        }
    }
}
