package io.snapledger.core;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.command.domain.Identities;
import io.snapledger.command.domain.ResumedOperation;
import io.snapledger.command.runtime.CommandRuntime;
import io.snapledger.command.runtime.RuntimeSettings;
import io.snapledger.core.health.Adoption;
import io.snapledger.core.live.LiveDomainException;
import io.snapledger.core.live.LiveDomains;
import io.snapledger.core.live.QmpLiveWriter;
import io.snapledger.command.live.LiveWriter;
import io.snapledger.core.health.Finding;
import io.snapledger.core.health.Fsck;
import io.snapledger.core.health.Problem;
import io.snapledger.core.health.Reconcile;
import io.snapledger.events.DeletionEvent;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.RevertEvent;
import io.snapledger.events.SnapshotCreationEvent;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.ResumeOperation;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.QemuLink;
import io.snapledger.qmp.BlockDevice;
import io.snapledger.qmp.ImageLayer;
import io.snapledger.qmp.LiveBlock;
import io.snapledger.qmp.QmpClient;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.writer.DeviceWriter;
import io.snapledger.image.writer.ImageDeviceWriter;
import io.snapledger.query.DomainView;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotProjection;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * The {@link LedgerService} in this process: one snapledger home opened, with its command side
 * (event store, aggregate, sagas, device writers), the projection it feeds and its outlet.
 */
public final class LocalLedger implements LedgerService {
    /** How long a command waits for its device work: long merges of big images take a while. */
    static Duration operationTimeout() {
        return Duration.parse(System.getProperty("snapledger.operationTimeout", "PT6H"));
    }
    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    /** How often a wait for an operation's end checks that the processors that end it still run. */
    private static final Duration PROCESSOR_CHECK = Duration.ofSeconds(1);

    private static final boolean TRACE = System.getenv("SNAPLEDGER_TRACE") != null;
    private final HomeLock lock;
    private final CommandRuntime runtime;
    private final SnapshotProjection projection;
    private final ProjectionFeeder feeder;
    private final EventOutlet outlet;
    private final EventSignal stored = new EventSignal();
    private final PrintStream warnings;
    private final List<String> resumedOnOpen = new ArrayList<>();

    private final LiveDomains live;

    private LocalLedger(HomeLock lock, CommandRuntime runtime, SnapshotProjection projection, ProjectionFeeder feeder,
                        EventOutlet outlet, PrintStream warnings, LiveDomains live) {
        this.live = live;
        this.lock = lock;
        this.runtime = runtime;
        this.projection = projection;
        this.feeder = feeder;
        this.outlet = outlet;
        this.warnings = warnings;
        runtime.onEventsStored(stored::signal);
    }

    /** Opens a home whose events go nowhere past it; the projection is caught up with every stored event. */
    public static LocalLedger open(Path home) {
        return open(home, Clock.systemUTC(), h -> EventOutlet.NONE, System.err);
    }

    /**
     * Opens a home whose new events are stamped by {@code clock}.
     *
     * @param outlet   where its events go past the home (Kafka)
     * @param warnings where a warning that does not fail the command goes (Kafka not reached)
     */
    public static LocalLedger open(Path home, Clock clock, EventOutlet.Opener outlet, PrintStream warnings) {
        return open(home, new ImageDeviceWriter(), clock, Identities.random(), outlet, warnings);
    }

    public static LocalLedger open(Path home, DeviceWriter writer, Clock clock, Identities identities) {
        return open(home, writer, clock, identities, h -> EventOutlet.NONE, System.err);
    }

    public static LocalLedger open(Path home, DeviceWriter writer, Clock clock, Identities identities,
                                   EventOutlet.Opener outlets, PrintStream warnings) {
        return open(home, writer, UnaryOperator.identity(), clock, identities, outlets, warnings);
    }

    /**
     * A home whose live domains' QEMUs are driven through {@code liveWriters} applied to the QMP
     * writer, e.g. wrapped in a {@code FaultInjectingLiveWriter} by a test.
     */
    public static LocalLedger open(Path home, DeviceWriter writer, UnaryOperator<LiveWriter> liveWriters, Clock clock,
                                   Identities identities, EventOutlet.Opener outlets, PrintStream warnings) {
        HomeKinds.refuseQueryNodeHome(home);
        try {
            HomeKinds.createPrivate(home);
        } catch (java.io.IOException e) {
            throw new ImageOperationException("cannot create the snapledger home " + home + ": " + e.getMessage());
        }
        HomeLock lock = HomeLock.take(home);
        SnapshotProjection projection;
        try {
            projection = SnapshotProjection.open(home.resolve("projection"), EventJson.standard());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        EventOutlet outlet = null;
        try {
            outlet = outlets.open(home);
            ProjectionFeeder feeder = new ProjectionFeeder(projection);
            LiveDomains live = new LiveDomains(home);
            LiveWriter liveWriter = liveWriters.apply(new QmpLiveWriter(live, domain -> projection.queries()
                    .domain(domain).map(DomainView::qemu).orElseThrow(() -> new LiveDomainException("domain " + domain
                            + " is not live")), LiveBlock.JOB_TIMEOUT));
            RuntimeSettings settings = outlet.register(RuntimeSettings.embedded(home, clock, writer)
                    .withResource(Identities.class, identities)
                    .withResource(LiveWriter.class, liveWriter)
                    .withResource(LiveWriter.JobProgress.class, jobProgress(warnings))
                    .withEventHandler(feeder, ProjectionFeeder.GROUP, ProjectionFeeder.BATCH_SIZE));
            LocalLedger ledger = new LocalLedger(lock, CommandRuntime.start(settings), projection, feeder, outlet,
                    warnings, live);
            try {
                if (feeder.empty()) {
                    // the projection store is new or was cleared while the history was kept: read the
                    // whole history into it
                    ledger.rebuildProjection(done -> { });
                }
                ledger.finishInterruptedOperations();
            } catch (RuntimeException e) {
                ledger.close();
                throw e;
            }
            return ledger;
        } catch (RuntimeException e) {
            if (outlet != null) {
                outlet.close();
            }
            projection.close();
            lock.close();
            throw e;
        }
    }

    /**
     * An earlier process may have stopped in the middle of an operation. Before any new command,
     * every domain with an operation in flight resumes it, and this waits until each such
     * operation ended: completed if every device had done its part, compensated otherwise.
     *
     * <p>Which domains have one, the projection says ({@link DomainView#operation()}); the other
     * domains' aggregates are not loaded, so opening a home does not cost its whole history. The
     * projection knows every operation started: {@link #catchUp()} returns once it has applied
     * every event stored when it was called, and no start is stored after that. Operations are
     * started only by commands, none has run in this process yet, sagas only continue or end
     * operations, and no other process writes this home while this one holds its lock. An event
     * committed by a process that died before the projection applied it is delivered again from
     * the processor's token, which is stored only after the projection applied the event; a
     * projection that lost writes the token already counts (a power cut) is rebuilt first. The
     * aggregate still decides: a domain named here that turns out idle answers null.
     */
    private void finishInterruptedOperations() {
        catchUp();
        if (feeder.lostEventsBefore(runtime.processedPosition(ProjectionFeeder.GROUP))) {
            warnings.println("snapledger: the projection had lost its last changes (the machine stopped before "
                    + "they were on disk); rebuilt it from the event store");
            rebuildProjection(done -> { });
        }
        for (String domain : domainsWithOperationsInFlight()) {
            long mark = mark(domain);
            resumedOnOpen.add(domain);
            ResumedOperation resumed = send(new ResumeOperation(domain,
                    new CommandMetadata("snapledger", "resumed after a restart", UUID.randomUUID())));
            if (resumed == null) {
                continue;
            }
            switch (resumed.kind()) {
                case "take" -> awaitTake(domain, resumed.snapshotUuid(), mark);
                case "revert" -> awaitRevert(domain, resumed.snapshotUuid(), mark);
                case "delete" -> awaitDeletion(domain, resumed.snapshotUuid(), mark, resumed.deleting());
                default -> throw new IllegalStateException("unknown operation kind " + resumed.kind());
            }
        }
        // work already under way when this started (a saga picking up where the dead process
        // stopped) may have ended the operation before it was asked to resume: read its results too
        catchUp();
    }

    private List<String> domainsWithOperationsInFlight() {
        return queries().domains().stream().filter(domain -> domain.operation() != null).map(DomainView::name).toList();
    }

    /** The domains that were asked to resume an operation in flight when this ledger opened, in that order. */
    public List<String> resumedOnOpen() {
        return List.copyOf(resumedOnOpen);
    }

    /** Sends a command and returns the aggregate's answer; a refusal surfaces as {@link DomainRuleException}. */
    public <R> R send(Object command) {
        if (TRACE) {
            // lets a drill (the kill -9 harness) time its kill from the moment the command goes in
            System.err.println("snapledger-trace: sending " + command.getClass().getSimpleName());
        }
        try {
            return runtime.commandGateway().sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            String domain = command instanceof io.snapledger.events.command.DomainCommand c ? c.domain() : "?";
            throw new DomainRuleException("NO_SUCH_DOMAIN", "domain " + domain + " is not defined; define it with "
                    + "'snapledger define " + domain + " --disk NAME=PATH'");
        }
    }

    /**
     * {@code replay}: clears the projection and rebuilds it by reading the whole event store
     * directly (not by resetting the processor's token, whose segment claim can lag).
     *
     * @param progress told how many events were applied so far, now and then
     * @return how many events were applied
     */
    public long replay(LongConsumer progress) {
        catchUp();
        return rebuildProjection(progress);
    }

    private long rebuildProjection(LongConsumer progress) {
        try {
            return feeder.rebuild(runtime.storedEvents(), progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding the projection", e);
        }
    }

    /** The next sequence number of the domain's event stream: where to start watching an operation. */
    public long mark(String domain) {
        // one indexed query for the highest sequence, not a read of the domain's whole history
        return runtime.eventStore().lastSequenceNumberFor(domain).map(last -> last + 1).orElse(0L);
    }

    /** Waits, from {@code mark} on, until the take of {@code snapshot} completed or was aborted. */
    public OperationOutcome awaitTake(String domain, UUID snapshot, long mark) {
        return await(domain, mark, snapshot, event -> {
            if (event instanceof SnapshotCreationEvent.SnapshotCompleted c && c.snapshotUuid().equals(snapshot)) {
                return Ending.SUCCEEDED;
            }
            return event instanceof SnapshotCreationEvent.SnapshotAborted a && a.snapshotUuid().equals(snapshot)
                    ? Ending.failed(a.why()) : null;
        });
    }

    public OperationOutcome awaitRevert(String domain, UUID snapshot, long mark) {
        return await(domain, mark, snapshot, event -> {
            if (event instanceof RevertEvent.RevertCompleted c && c.snapshotUuid().equals(snapshot)) {
                return Ending.SUCCEEDED;
            }
            return event instanceof RevertEvent.RevertAborted a && a.snapshotUuid().equals(snapshot)
                    ? Ending.failed(a.why()) : null;
        });
    }

    /** Waits until every snapshot the deletion named in its start is deleted, or the deletion aborted. */
    public OperationOutcome awaitDeletion(String domain, UUID snapshot, long mark) {
        return awaitDeletion(domain, snapshot, mark, null);
    }

    /** @param deleting the snapshots still to delete, when the deletion started before {@code mark} */
    private OperationOutcome awaitDeletion(String domain, UUID snapshot, long mark, java.util.List<UUID> deleting) {
        java.util.Set<UUID> remaining = new java.util.HashSet<>(deleting == null ? java.util.List.of() : deleting);
        boolean[] started = {deleting != null};
        return await(domain, mark, snapshot, event -> {
            if (event instanceof DeletionEvent.DeletionStarted s && s.snapshotUuid().equals(snapshot)) {
                started[0] = true;
                remaining.addAll(s.affectedSnapshotUuids());
            } else if (event instanceof DeletionEvent.SnapshotDeleted d) {
                remaining.remove(d.snapshotUuid());
            } else if (event instanceof DeletionEvent.DeletionAborted a && a.snapshotUuid().equals(snapshot)) {
                return Ending.failed(a.why());
            }
            return started[0] && remaining.isEmpty() ? Ending.SUCCEEDED : null;
        });
    }

    /** How one event ends an operation being watched; null: it does not. */
    private record Ending(boolean succeeded, String why) {
        static final Ending SUCCEEDED = new Ending(true, null);

        static Ending failed(String why) {
            return new Ending(false, why);
        }
    }

    /**
     * Reads the domain's own event stream until an ending event appears. The event store is the
     * truth; the projection is then brought up to date before anyone reads it.
     */
    private OperationOutcome await(String domain, long mark, UUID snapshot,
                                   java.util.function.Function<DomainEvent, Ending> ending) {
        Instant deadline = Instant.now().plus(operationTimeout());
        long from = mark;
        while (Instant.now().isBefore(deadline)) {
            // taken before reading, so an event stored while this reads wakes the wait below
            long seen = stored.count();
            DomainEventStream stream = runtime.eventStore().readEvents(domain, from);
            while (stream.hasNext()) {
                var message = stream.next();
                from = message.getSequenceNumber() + 1;
                if (message.getPayload() instanceof DomainEvent event) {
                    Ending end = ending.apply(event);
                    if (end != null) {
                        catchUp();
                        return new OperationOutcome(snapshot, end.succeeded(), end.why());
                    }
                }
            }
            requireProcessorsRunning(domain);
            stored.awaitAfter(seen, PROCESSOR_CHECK);
        }
        throw new ImageOperationException("the operation on domain " + domain + " did not finish within "
                + operationTimeout() + "; see 'snapledger status'");
    }


    /**
     * Without its event processors no operation can end: say so instead of waiting for ever. The
     * outlet's is not one of them: it retries on its own while Kafka is away.
     */
    private void requireProcessorsRunning(String domain) {
        for (var processor : runtime.configuration().eventProcessingConfiguration().eventProcessors().values()) {
            if (processor.getName().equals(outlet.processingGroup())) {
                continue;
            }
            if (!processor.isRunning() || processor.isError()) {
                throw new ImageOperationException("the operation on domain " + domain + " cannot go on: event "
                        + "processor " + processor.getName() + " stopped; run the command again to resume it");
            }
        }
    }

    @Override
    public int define(Caller caller, String domain, List<DeviceSpec> devices, boolean importFromImages)
            throws IOException {
        return Operations.define(this, caller, domain, devices, importFromImages);
    }

    @Override
    public void defineLive(Caller caller, String domain, List<DeviceSpec> devices, QemuLink qemu) {
        Operations.defineLive(this, caller, domain, devices, qemu);
    }

    @Override
    public void start(String domain, boolean paused) throws IOException {
        DomainView view = liveDomain(domain);
        live.start(domain, view.qemu(), activeImages(view), paused);
    }

    /**
     * The QEMU snapledger runs for {@code domain} quits and starts again on the domain's active
     * images from the memory state in {@code state}; it then runs, or stays paused.
     */
    void restartFromState(String domain, Path state, boolean paused) throws IOException {
        DomainView view = liveDomain(domain);
        live.shutdown(domain, view.qemu());
        live.start(domain, view.qemu(), activeImages(view), paused, state);
    }

    @Override
    public void shutdown(String domain) {
        live.shutdown(domain, liveDomain(domain).qemu());
    }

    @Override
    public void destroy(String domain) {
        live.destroy(domain, liveDomain(domain).qemu());
    }

    @Override
    public LiveState state(DomainView domain) {
        return domain.live() ? live.observe(domain.name(), domain.qemu()) : LedgerService.super.state(domain);
    }

    /**
     * What a command tells the aggregate about a live domain: its QEMU's state now, and while that
     * QEMU answers, every device's file checked to be the disk it has open. Null for a domain of
     * images only.
     */
    LiveState observe(String domain) {
        DomainView view = Lookup.domain(queries(), domain);
        if (!view.live()) {
            return null;
        }
        try (QmpClient qmp = live.tryConnect(domain, view.qemu()).orElse(null)) {
            if (qmp == null) {
                return LiveState.SHUT_OFF;
            }
            LiveBlock block = new LiveBlock(qmp);
            LiveDomains.requireDisks(block, domain, activeImages(view));
            return LiveDomains.state(block);
        }
    }

    /** A QEMU job's status changes, one line each on stderr: what a long save or load is doing. */
    private static LiveWriter.JobProgress jobProgress(PrintStream err) {
        Map<String, String> last = new java.util.concurrent.ConcurrentHashMap<>();
        return (jobId, status, current, total) -> {
            String line = status + (total > 0 ? " " + (100 * current / total) + "%" : "");
            if (!line.equals(last.put(jobId, line))) {
                err.println("QEMU job " + jobId + ": " + line);
            }
        };
    }

    @Override
    public Optional<List<LiveDisk>> liveDisks(String domain) {
        DomainView view = Lookup.domain(queries(), domain);
        if (!view.live()) {
            return Optional.empty();
        }
        try (QmpClient qmp = live.tryConnect(domain, view.qemu()).orElse(null)) {
            if (qmp == null) {
                return Optional.empty();
            }
            List<LiveDisk> disks = new ArrayList<>();
            for (BlockDevice device : LiveDomains.requireDisks(new LiveBlock(qmp), domain, activeImages(view))) {
                if (view.devices().stream().noneMatch(d -> d.name().equals(device.device()))) {
                    continue; // a disk of QEMU's that the domain does not define
                }
                ImageLayer active = device.active();
                disks.add(new LiveDisk(device.device(), active.filename(), active.format(), active.snapshots().stream()
                        .map(s -> new LiveDisk.Entry(s.id(), s.name(), s.vmStateSize(), s.date().getEpochSecond(),
                                s.date().getNano(), s.vmClockNanos())).toList()));
            }
            return Optional.of(disks);
        }
    }

    LiveDomains live() {
        return live;
    }

    private DomainView liveDomain(String domain) {
        DomainView view = Lookup.domain(queries(), domain);
        if (!view.live()) {
            throw new LiveDomainException("domain " + domain + " has images only, no QEMU; define it with --qmp SOCKET "
                    + "or --emulator to run it");
        }
        return view;
    }

    static Map<String, String> activeImages(DomainView view) {
        Map<String, String> images = new LinkedHashMap<>();
        view.devices().forEach(d -> images.put(d.name(), d.path()));
        return images;
    }

    @Override
    public void undefine(Caller caller, String domain) {
        Operations.undefine(this, caller, domain);
    }

    @Override
    public SnapshotNode take(Caller caller, SnapshotRequest request) throws IOException {
        return Operations.take(this, caller, request);
    }

    @Override
    public void revert(Caller caller, String domain, String snapshot) {
        Operations.revert(this, caller, domain, snapshot, false);
    }

    @Override
    public void revert(Caller caller, String domain, String snapshot, boolean paused) {
        Operations.revert(this, caller, domain, snapshot, paused);
    }

    @Override
    public void delete(Caller caller, String domain, String snapshot, DeleteMode mode) {
        Operations.delete(this, caller, domain, snapshot, mode);
    }

    @Override
    public void edit(Caller caller, String domain, String snapshot, String newName, String description) {
        Operations.edit(this, caller, domain, snapshot, newName, description);
    }

    @Override
    public List<Problem> fsck(String domain) throws IOException {
        return Fsck.check(queries(), domain);
    }

    @Override
    public Reconciliation reconcile(Caller caller, String domain, boolean adopt) throws IOException {
        List<Finding> findings = Reconcile.scan(queries(), domain);
        return new Reconciliation(findings, adopt ? Adoption.run(this, caller, domain, findings) : null);
    }

    @Override
    public long storedEvents() {
        return runtime.storedEvents().count();
    }

    @Override
    public LedgerStatus status() {
        long events = storedEvents();
        long applied = queries().recordedEvents();
        outlet.awaitPublished(runtime);
        return new LedgerStatus(queries().domains().size(), events, applied,
                runtime.storeSpace().map(space -> new LedgerStatus.StoreFile(space.fileBytes(), space.liveBytes())),
                runtime.compactsStoreOnClose(), outlet.status(runtime));
    }

    @Override
    public Optional<Path> storeFile() {
        return runtime.storeFile();
    }

    @Override
    public void compactOnClose() {
        runtime.compactStoreOnClose();
    }

    @Override
    public Optional<String> awaitPublished() {
        return outlet.awaitPublished(runtime);
    }

    /** Brings the projection up to every event stored so far. */
    public void catchUp() {
        runtime.awaitCaughtUp(ProjectionFeeder.GROUP, CATCH_UP);
    }

    @Override
    public SnapshotProjection projection() {
        return projection;
    }

    public CommandRuntime runtime() {
        return runtime;
    }

    public EventOutlet outlet() {
        return outlet;
    }

    /**
     * Gives the outlet its configured time to publish every stored event (a warning, not
     * an error, if it cannot: the events are safe in the store and the next command publishes
     * them), then stops the runtime and closes the stores.
     */
    @Override
    public void close() {
        try {
            outlet.awaitPublished(runtime).ifPresent(warnings::println);
        } finally {
            try {
                runtime.close();
            } finally {
                try {
                    outlet.close();
                } finally {
                    try {
                        projection.close();
                    } finally {
                        lock.close();
                    }
                }
            }
        }
    }
}
