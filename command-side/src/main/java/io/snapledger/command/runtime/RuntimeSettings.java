package io.snapledger.command.runtime;

import io.snapledger.events.json.EventUpcasterChain;
import io.snapledger.image.writer.DeviceWriter;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CommandRuntime#start(RuntimeSettings)} needs. Start from {@link #embedded} and add
 * to it with the {@code with...} methods; each returns a changed copy.
 *
 * @param home          the snapledger home; the embedded event store lives in {@code home/store}
 * @param database      a database server for the event store instead of the embedded H2 file; null for
 *                      the embedded store
 * @param clock         the time handlers stamp on events; injected into handlers that ask for a {@link Clock}
 * @param resources     further objects handlers receive as parameters, e.g. the source of new UUIDs
 * @param deviceWriter  the port through which device work changes image files
 * @param eventHandlers projections and publishers the application runs on the event stream
 * @param deviceThreads how many commands run at once, so device work of several devices overlaps
 * @param module        the aggregates, sagas and command handlers of the command side
 * @param upcasters     brings events stored at an older revision to the current one; must hold
 *                      the same upcasters as {@code EventJson.standard()}
 */
public record RuntimeSettings(Path home, ExternalDatabase database, Clock clock,
                              List<InjectableResource<?>> resources, DeviceWriter deviceWriter,
                              List<EventHandlerRegistration> eventHandlers, int deviceThreads,
                              CommandSideModule module, EventUpcasterChain upcasters) {

    public static final int DEFAULT_DEVICE_THREADS = 4;

    public RuntimeSettings {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(clock, "clock");
        resources = List.copyOf(resources);
        Objects.requireNonNull(deviceWriter, "deviceWriter");
        eventHandlers = List.copyOf(eventHandlers);
        if (deviceThreads < 1) {
            throw new IllegalArgumentException("deviceThreads must be at least 1, was " + deviceThreads);
        }
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(upcasters, "upcasters");
    }

    /**
     * The {@linkplain CommandSideModule#standard() standard} command side with the embedded event
     * store under {@code home}. Add the resources its handlers need, e.g.
     * {@code .withResource(Identities.class, Identities.random())}.
     */
    public static RuntimeSettings embedded(Path home, Clock clock, DeviceWriter deviceWriter) {
        return new RuntimeSettings(home, null, clock, List.of(), deviceWriter, List.of(), DEFAULT_DEVICE_THREADS,
                CommandSideModule.standard(), EventUpcasterChain.standard());
    }

    /** The embedded store's H2 file, without H2's {@code .mv.db} suffix. */
    public Path eventStoreFile() {
        return home.resolve("store").resolve("events");
    }

    public RuntimeSettings withDatabase(ExternalDatabase server) {
        return new RuntimeSettings(home, Objects.requireNonNull(server, "server"), clock, resources, deviceWriter,
                eventHandlers, deviceThreads, module, upcasters);
    }

    public <T> RuntimeSettings withResource(Class<T> type, T instance) {
        List<InjectableResource<?>> more = new ArrayList<>(resources);
        more.add(InjectableResource.of(type, instance));
        return new RuntimeSettings(home, database, clock, more, deviceWriter, eventHandlers, deviceThreads, module,
                upcasters);
    }

    public RuntimeSettings withEventHandler(Object handler, String processingGroup) {
        return withEventHandler(new EventHandlerRegistration(handler, processingGroup));
    }

    /**
     * A handler whose processor hands it up to {@code batchSize} events per unit of work: one
     * transaction and one token update per batch, for a handler that many events may reach at
     * once (a projection catching up after its store was rebuilt behind the processor's back).
     */
    public RuntimeSettings withEventHandler(Object handler, String processingGroup, int batchSize) {
        return withEventHandler(new EventHandlerRegistration(handler, processingGroup, batchSize, false));
    }

    /**
     * A publisher: its processor hands it batches of up to {@code batchSize} events per unit of
     * work, and a new group starts with the whole stored history as live events (only a later
     * {@link CommandRuntime#resetAndReplay reset} is a replay).
     */
    public RuntimeSettings withPublisher(Object handler, String processingGroup, int batchSize) {
        return withEventHandler(new EventHandlerRegistration(handler, processingGroup, batchSize, true));
    }

    private RuntimeSettings withEventHandler(EventHandlerRegistration registration) {
        List<EventHandlerRegistration> more = new ArrayList<>(eventHandlers);
        more.add(registration);
        return new RuntimeSettings(home, database, clock, resources, deviceWriter, more, deviceThreads, module,
                upcasters);
    }

    public RuntimeSettings withDeviceThreads(int threads) {
        return new RuntimeSettings(home, database, clock, resources, deviceWriter, eventHandlers, threads, module,
                upcasters);
    }

    public RuntimeSettings withModule(CommandSideModule replacement) {
        return new RuntimeSettings(home, database, clock, resources, deviceWriter, eventHandlers, deviceThreads,
                replacement, upcasters);
    }

    public RuntimeSettings withUpcasters(EventUpcasterChain chain) {
        return new RuntimeSettings(home, database, clock, resources, deviceWriter, eventHandlers, deviceThreads,
                module, chain);
    }
}
