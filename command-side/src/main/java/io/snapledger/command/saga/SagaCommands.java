package io.snapledger.command.saga;

import io.snapledger.events.EventMetadata;
import io.snapledger.events.command.CommandMetadata;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.ArrayList;
import java.util.List;

/** How sagas send commands: after their state is stored, carrying the operation's actor and correlation id on. */
final class SagaCommands {
    private static final String OUTBOX = SagaCommands.class.getName() + ".outbox";

    private SagaCommands() {
    }

    static CommandMetadata meta(EventMetadata from) {
        return new CommandMetadata(from.actor(), from.reason(), from.correlationId());
    }

    /**
     * Sends once the unit of work that handled the event has committed: the event that asked for
     * the work and the saga state that remembers it are stored before any device starts, so a
     * crash can leave work undone (a resume sends it again) but never work history does not know.
     */
    static void send(CommandGateway gateway, Object command) {
        if (!CurrentUnitOfWork.isStarted()) {
            gateway.send(command);
            return;
        }
        // one after-commit step per unit of work sends them all in the order they were asked for
        // (Axon runs after-commit steps last-registered first)
        List<Runnable> outbox = CurrentUnitOfWork.get().root().getOrComputeResource(OUTBOX, key -> {
            List<Runnable> sends = new ArrayList<>();
            CurrentUnitOfWork.get().root().afterCommit(unit -> sends.forEach(Runnable::run));
            return sends;
        });
        outbox.add(() -> gateway.send(command));
    }
}
