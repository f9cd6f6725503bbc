package io.snapledger.command.runtime;

import io.snapledger.events.json.EventJson;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running command side: Axon configured without Spring over a JDBC event store (an embedded
 * H2 file under the home folder, or PostgreSQL), with the {@link CommandSideModule}'s aggregates,
 * sagas and command handlers and the application's event handlers registered.
 *
 * <p>Events are stored under their stable type names and revisions; aggregates load from the
 * store; sagas, projections and their tracking tokens live in the same database and commit
 * together. Deadlines are kept in memory ({@code SimpleDeadlineManager}) and do not survive a
 * restart.
 *
 * <p>{@link #start} returns once every tracking processor has stored its token, so commands sent
 * from then on produce events every saga sees. {@link #close} stops event processors first, then
 * lets running commands finish, then closes the store.
 */
public final class CommandRuntime implements AutoCloseable {

    /** How long start waits for the processors' tokens, and a reset for the processor's segment. */
    private static final Duration PROCESSOR_TIMEOUT = Duration.ofSeconds(30);

    private final Configuration configuration;
    private final EventStoreDatabase database;
    private final TrackingProcessors processors;
    private final EventJson eventJson;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CommandRuntime(Configuration configuration, EventStoreDatabase database, TrackingProcessors processors,
                           EventJson eventJson) {
        this.configuration = configuration;
        this.database = database;
        this.processors = processors;
        this.eventJson = eventJson;
    }

    /**
     * Opens the event store (creating its tables on the first start), configures Axon and starts
     * it.
     *
     * @throws IllegalStateException if the store is in use by another runtime or process, or cannot be opened
     */
    public static CommandRuntime start(RuntimeSettings settings) {
        EventStoreDatabase database = EventStoreDatabase.open(settings);
        Configuration configuration = null;
        try {
            JdbcTransactionManager transactions = new JdbcTransactionManager(database.connections());
            AxonWiring wiring = new AxonWiring(settings, database, transactions);
            configuration = wiring.configurer().buildConfiguration();
            configuration.start();
            TrackingProcessors processors = new TrackingProcessors(configuration, wiring.tokenStore(), transactions);
            processors.awaitTokensStored(PROCESSOR_TIMEOUT);
            return new CommandRuntime(configuration, database, processors, new EventJson(settings.upcasters()));
        } catch (RuntimeException | Error e) {
            stopAfterFailedStart(configuration, database, e);
            throw e;
        }
    }

    private static void stopAfterFailedStart(Configuration configuration, EventStoreDatabase database, Throwable cause) {
        try {
            if (configuration != null) {
                configuration.shutdown();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        } finally {
            try {
                database.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * Calls {@code listener} each time events were stored: after the transaction that stored them
     * committed, so a reader it wakes finds them. Runs in the committing thread; keep it short.
     */
    public void onEventsStored(Runnable listener) {
        configuration.eventStore().subscribe(events -> {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(unitOfWork -> listener.run());
            } else {
                listener.run();
            }
        });
    }

    public CommandGateway commandGateway() {
        return configuration.commandGateway();
    }

    public EventStore eventStore() {
        return configuration.eventStore();
    }

    /**
     * The whole history read straight from the event table, in store order: for rebuilding a
     * projection from scratch, far faster than {@link #eventStore()}'s tracking stream.
     */
    public StoredEventReader storedEvents() {
        return storedEvents(StoredEventReader.PAGE_ROWS);
    }

    /** Tests read in small pages to cross page boundaries with a short history. */
    StoredEventReader storedEvents(int pageRows) {
        return new StoredEventReader(database.connections(), database.dialect(), new EventSchema(), eventJson,
                pageRows);
    }

    /** The Axon configuration, for what this class does not offer (query bus, processor status). */
    public Configuration configuration() {
        return configuration;
    }

    /**
     * Replays the whole event stream into a processing group: stops its processor, resets its
     * token to the start (the handlers' {@code @ResetHandler} methods run), starts it again and
     * waits until it has claimed its segment. Events before the reset point arrive as replays, so
     * {@code @DisallowReplay} handlers (publishers, anything with side effects) skip them.
     *
     * @throws IllegalArgumentException  if no tracking processor runs the group, or its handlers
     *                                   do not support a reset (sagas)
     * @throws ProcessorTimeoutException if the processor does not claim its segment in time
     */
    public void resetAndReplay(String processingGroup) {
        processors.resetAndReplay(processingGroup, PROCESSOR_TIMEOUT);
    }

    /** Where the group's tracking processor stands: the token position of the last event it handled. */
    public OptionalLong processedPosition(String processingGroup) {
        return processors.processedPosition(processingGroup);
    }

    /**
     * Waits until the processing group has handled every event that was in the store when this
     * method was called.
     *
     * @throws ProcessorTimeoutException if it has not within {@code timeout}; the message says
     *                                   where the processor is and whether it is failing
     * @throws IllegalArgumentException  if no tracking processor runs the group
     * @throws IllegalStateException     if the processor is not running
     */
    public void awaitCaughtUp(String processingGroup, Duration timeout) {
        processors.awaitCaughtUp(processingGroup, timeout);
    }

    /**
     * How much of the embedded store's file holds data, for {@code status}; empty for an external
     * database, which manages its own space.
     */
    public Optional<StoreSpace> storeSpace() {
        return database.space();
    }

    /** The embedded store's file ({@code .mv.db}); empty for an external database. */
    public Optional<Path> storeFile() {
        return database.file();
    }

    /**
     * Makes {@link #close} compact the embedded store whatever its waste (on demand: {@code
     * snapledger compact}). Without it, close compacts only a store mostly made of waste and not
     * too large to copy quickly, as bulk appends leave it; see {@link StoreCompaction}.
     */
    public void compactStoreOnClose() {
        compactStoreOnClose(StoreCompaction.ALWAYS);
    }

    /** Whether {@link #close} will compact the embedded store, as things stand now. */
    public boolean compactsStoreOnClose() {
        return database.compactsOnClose();
    }

    /** Tests set a threshold a short history reaches. */
    void compactStoreOnClose(StoreCompaction when) {
        database.compactOnClose(when);
    }

    /** Stops event processors, lets running commands finish, closes the store. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            configuration.shutdown();
        } finally {
            database.close();
        }
    }
}
