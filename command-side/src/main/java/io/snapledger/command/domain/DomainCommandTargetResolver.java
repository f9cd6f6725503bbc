package io.snapledger.command.domain;

import io.snapledger.events.command.DomainCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Routes every command to the {@link Domain} named by its {@code domain()}: the command records in
 * events-schema carry no Axon annotations, so consumers of that module need no Axon.
 */
public final class DomainCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof DomainCommand c) {
            return new VersionedAggregateIdentifier(c.domain(), (Long) null);
        }
        throw new IllegalArgumentException("not a domain command: " + command.getPayloadType().getName());
    }
}
