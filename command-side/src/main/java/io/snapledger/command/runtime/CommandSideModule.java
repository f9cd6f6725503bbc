package io.snapledger.command.runtime;

import io.snapledger.command.device.DeviceWorkHandler;
import io.snapledger.command.device.LiveWorkHandler;
import io.snapledger.command.live.LiveWriter;
import io.snapledger.command.domain.Domain;
import io.snapledger.command.domain.DomainCommandTargetResolver;
import io.snapledger.command.saga.DeletionSaga;
import io.snapledger.command.saga.RevertSaga;
import io.snapledger.command.saga.SnapshotSaga;
import io.snapledger.image.writer.DeviceWriter;

import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the command side registers with Axon: its event-sourced aggregates, its sagas and its
 * command handler components. {@link #standard()} is the list production runs.
 *
 * <p>Aggregates are routed by {@link DomainCommandTargetResolver}. Each saga runs in a subscribing
 * processor of its own (named after the saga class plus {@code Processor}): it sees events as they
 * are appended, in the same transaction, never history, and keeps its state in the JDBC saga store. A command handler
 * component is built from the configuration, where it finds the {@code DeviceWriter}, e.g.
 * {@code c -> new SomeHandler(c.getComponent(DeviceWriter.class), c.commandGateway())}.
 *
 * @param aggregates      the event-sourced aggregates
 * @param sagas           the saga classes
 * @param commandHandlers builders of objects with {@code @CommandHandler} methods
 */
public record CommandSideModule(List<Aggregate> aggregates, List<Class<?>> sagas,
                                List<Function<Configuration, Object>> commandHandlers) {

    public CommandSideModule {
        aggregates = List.copyOf(aggregates);
        sagas = List.copyOf(sagas);
        commandHandlers = List.copyOf(commandHandlers);
    }

    /**
     * An event-sourced aggregate type.
     *
     * @param checkpointEvery take a state checkpoint (Axon's aggregate snapshot) once this many
     *                        events were read to load the aggregate; 0 for none. The aggregate's
     *                        fields must then survive a Jackson round trip as they are (every
     *                        class in them constructible by Jackson): a checkpoint that cannot be
     *                        read is skipped with a warning and the aggregate loads from all its
     *                        events. A checkpoint is stamped with the aggregate class's
     *                        {@code @Revision} and only read back under the same one (Axon's
     *                        revision filter), so raising it retires every checkpoint before.
     */
    public record Aggregate(Class<?> type, int checkpointEvery) {

        public Aggregate {
            Objects.requireNonNull(type, "type");
            if (checkpointEvery < 0) {
                throw new IllegalArgumentException("checkpointEvery of " + type.getName() + " is negative");
            }
        }
    }

    /**
     * A Domain takes a state checkpoint once a load read this many events. Replaying a few hundred
     * events costs a few milliseconds, so a fresh process (the CLI runs one per command) never
     * replays much more than that; taking a checkpoint writes the whole state (it grows with the
     * snapshots kept) and runs after the command that triggered it, so that cost is spread over
     * hundreds of events rather than paid every few commands.
     */
    public static final int DOMAIN_CHECKPOINT_EVERY = 500;

    /**
     * The production command side. Its handlers need an {@code Identities} resource besides the
     * clock and the device writer. The Domain takes state checkpoints every
     * {@link #DOMAIN_CHECKPOINT_EVERY} events; a checkpoint of another state revision than
     * {@link Domain#STATE_REVISION} is passed over (Axon's revision filter for a {@code @Revision}
     * aggregate) and the domain loads from all its events.
     */
    public static CommandSideModule standard() {
        return new CommandSideModule(
                List.of(new Aggregate(Domain.class, DOMAIN_CHECKPOINT_EVERY)),
                List.of(SnapshotSaga.class, RevertSaga.class, DeletionSaga.class),
                List.of(c -> new DeviceWorkHandler(c.getComponent(DeviceWriter.class), c.commandGateway()),
                        c -> new LiveWorkHandler(c.getComponent(LiveWriter.class, () -> LiveWriter.NONE),
                                c.getComponent(LiveWriter.JobProgress.class, () -> LiveWriter.JobProgress.NONE),
                                c.commandGateway())));
    }

    void registerWith(Configurer configurer) {
        aggregates.forEach(aggregate -> configurer.configureAggregate(
                aggregateConfiguration(aggregate.type(), aggregate.checkpointEvery())));
        sagas.forEach(saga -> registerSaga(configurer, saga));
        commandHandlers.forEach(configurer::registerCommandHandler);
    }

    private static <A> AggregateConfigurer<A> aggregateConfiguration(Class<A> type, int checkpointEvery) {
        // Keeps loaded aggregates between commands of one process, so a long-lived process does
        // not replay a domain's whole history for every command (a weak cache: memory can win).
        AggregateConfigurer<A> aggregate = AggregateConfigurer.defaultConfiguration(type)
                .configureCommandTargetResolver(c -> new DomainCommandTargetResolver())
                .configureCache(c -> new org.axonframework.common.caching.WeakReferenceCache());
        if (checkpointEvery > 0) {
            aggregate.configureSnapshotTrigger(
                    c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), checkpointEvery));
        }
        return aggregate;
    }

    /**
     * A saga handles its events in the unit of work that appends them, so its state commits with
     * them and device work starts as soon as they are stored, with no processor to wait for.
     */
    private static <S> void registerSaga(Configurer configurer, Class<S> saga) {
        configurer.eventProcessing().registerSaga(saga)
                .registerSubscribingEventProcessor(saga.getSimpleName() + "Processor");
    }
}
