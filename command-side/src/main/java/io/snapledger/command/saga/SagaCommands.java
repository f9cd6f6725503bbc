package io.snapledger.command.saga;

import io.snapledger.events.EventMetadata;
import io.snapledger.events.command.CommandMetadata;

/** Commands a saga sends carry the operation's actor and correlation id on. */
final class SagaCommands {
    private SagaCommands() {
    }

    static CommandMetadata meta(EventMetadata from) {
        return new CommandMetadata(from.actor(), from.reason(), from.correlationId());
    }
}
