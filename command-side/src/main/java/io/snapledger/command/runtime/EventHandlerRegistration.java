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
 */
public record EventHandlerRegistration(Object handler, String processingGroup) {

    public EventHandlerRegistration {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(processingGroup, "processingGroup");
        if (processingGroup.isBlank()) {
            throw new IllegalArgumentException("processingGroup of " + handler.getClass().getName() + " is blank");
        }
    }
}
