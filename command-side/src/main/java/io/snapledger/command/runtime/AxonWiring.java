package io.snapledger.command.runtime;

import io.snapledger.image.writer.DeviceWriter;

import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolution;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Puts the Axon configuration together from the settings: Jackson serializers, the JDBC event
 * store, token store and saga store sharing one {@link JdbcTransactionManager}, the asynchronous
 * command bus, and the registrations of the command side and of the application.
 */
final class AxonWiring {
    private static final java.time.Duration EVENT_WAIT = java.time.Duration.ofMillis(100);

    /** How long an orderly shutdown waits for commands that are running to finish. */
    static final Duration COMMAND_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final RuntimeSettings settings;
    private final JdbcTransactionManager transactions;
    private final StoreDialect dialect;
    private final Serializer generalSerializer = RuntimeSerializers.general();
    private final Serializer eventSerializer = RuntimeSerializers.events();
    private final Serializer stateSerializer = RuntimeSerializers.state();
    private final TokenStore tokenStore;

    AxonWiring(RuntimeSettings settings, EventStoreDatabase database, JdbcTransactionManager transactions) {
        this.settings = settings;
        this.transactions = transactions;
        this.dialect = database.dialect();
        JdbcTokenStore.Builder tokens = JdbcTokenStore.builder()
                .connectionProvider(transactions.connectionProvider())
                .serializer(generalSerializer);
        database.tokenOwner().ifPresent(tokens::nodeId);
        this.tokenStore = tokens.build();
    }

    TokenStore tokenStore() {
        return tokenStore;
    }

    Configurer configurer() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureLifecyclePhaseTimeout(COMMAND_DRAIN_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)
                .configureSerializer(c -> generalSerializer)
                .configureEventSerializer(c -> eventSerializer)
                .configureMessageSerializer(c -> eventSerializer)
                .configureTransactionManager(c -> transactions)
                .registerEventUpcaster(c -> new StoredRevisionUpcaster(settings.upcasters()))
                .configureEmbeddedEventStore(this::storageEngine)
                .configureCommandBus(this::commandBus)
                .configureDeadlineManager(this::deadlineManager);
        registerResources(configurer);
        registerEventProcessing(configurer.eventProcessing());
        settings.module().registerWith(configurer);
        return configurer;
    }

    private JdbcEventStorageEngine storageEngine(Configuration c) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(transactions.connectionProvider())
                .transactionManager(transactions)
                .eventSerializer(c.eventSerializer())
                .snapshotSerializer(stateSerializer)
                .upcasterChain(c.upcasterChain())
                .snapshotFilter(c.snapshotFilter())
                .persistenceExceptionResolver(AxonWiring::isDuplicateKey)
                .build();
    }

    /**
     * Two commands appending the same aggregate sequence number collide on the unique key; Axon
     * must see that as a concurrency conflict, not as a broken store. 23505 is the SQL state of a
     * unique key violation in H2 and PostgreSQL alike.
     */
    private static boolean isDuplicateKey(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Commands run on a pool of {@code deviceThreads} threads, so device work for several devices
     * runs side by side; the caller of {@code sendAndWait} still gets the handler's exception.
     * Duplicate handlers for one command are refused at start instead of silently replaced.
     */
    private CommandBus commandBus(Configuration c) {
        ExecutorService executor = Executors.newFixedThreadPool(settings.deviceThreads(),
                new AxonThreadFactory("snapledger-commands"));
        AsynchronousCommandBus bus = AsynchronousCommandBus.builder()
                .executor(executor)
                .transactionManager(transactions)
                .duplicateCommandHandlerResolver(DuplicateCommandHandlerResolution.rejectDuplicates())
                .messageMonitor(c.messageMonitor(AsynchronousCommandBus.class, "commandBus"))
                .spanFactory(c.getComponent(CommandBusSpanFactory.class))
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(c.correlationDataProviders()));
        // After the event processors stopped (they dispatch commands) and before the event store
        // closes (commands append events).
        c.onShutdown(Phase.INBOUND_COMMAND_CONNECTOR, () -> drain(executor));
        return bus;
    }

    private static void drain(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(COMMAND_DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deadlines live in memory only: they do not survive a restart, so whatever relies on one must
     * also be resumed on start (sagas re-check their state when they next handle an event).
     */
    private SimpleDeadlineManager deadlineManager(Configuration c) {
        return SimpleDeadlineManager.builder()
                .scopeAwareProvider(c.scopeAwareProvider())
                .transactionManager(transactions)
                .spanFactory(c.getComponent(DeadlineManagerSpanFactory.class))
                .build();
    }

    /** Handler parameters of these types are resolved from the configuration's components. */
    private void registerResources(Configurer configurer) {
        configurer.registerComponent(Clock.class, c -> settings.clock());
        configurer.registerComponent(DeviceWriter.class, c -> settings.deviceWriter());
        settings.resources().forEach(resource -> registerResource(configurer, resource));
    }

    private static <T> void registerResource(Configurer configurer, InjectableResource<T> resource) {
        configurer.registerComponent(resource.type(), c -> resource.instance());
    }

    private void registerEventProcessing(EventProcessingConfigurer processing) {
        processing.registerTokenStore(c -> tokenStore);
        // An idle processor re-checks for events this often; shutdown waits for the check to end,
        // so the default second would add a second to every short-lived CLI run.
        processing.registerTrackingEventProcessorConfiguration(c -> processorConfiguration(1));
        processing.registerSagaStore(c -> JdbcSagaStore.builder()
                .connectionProvider(transactions.connectionProvider())
                .sqlSchema(dialect.sagaSchema())
                .serializer(stateSerializer)
                .build());
        for (EventHandlerRegistration registration : settings.eventHandlers()) {
            Object handler = registration.handler();
            processing.registerEventHandler(c -> handler);
            processing.assignHandlerInstancesMatching(registration.processingGroup(), candidate -> candidate == handler);
            if (registration.batchSize() > 1 || registration.historyIsLive()) {
                processing.registerTrackingEventProcessorConfiguration(registration.processingGroup(),
                        c -> registration.historyIsLive()
                                ? processorConfiguration(registration.batchSize())
                                        .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                                : processorConfiguration(registration.batchSize()));
            }
        }
    }

    private static TrackingEventProcessorConfiguration processorConfiguration(int batchSize) {
        return TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andBatchSize(batchSize)
                .andEventAvailabilityTimeout(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
