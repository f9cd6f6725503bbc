package io.snapledger.bench;

import io.snapledger.command.domain.Domain;
import io.snapledger.command.domain.Identities;
import io.snapledger.command.runtime.CommandRuntime;
import io.snapledger.command.runtime.CommandSideModule;
import io.snapledger.command.runtime.RuntimeSettings;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.image.writer.ImageDeviceWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One command on a domain with a long history, in a fresh runtime each time (an empty aggregate
 * cache, as in a new CLI process), with the Domain's state checkpoints and without. Three homes
 * get the same generated history appended straight to the store ({@link ReplayBench#append}):
 * a definition, {@code --snapshots} imports under random earlier snapshots, then descriptions and
 * current moves up to {@code --events}. The home with checkpoints takes its first one on an
 * untimed command; then the two homes take turns, so both see the same JIT warmth. Last, a third
 * home without a checkpoint yet times the command that reads all events and writes the first
 * one. Timed: {@code sendAndWait} of a {@code DescribeSnapshot}; start and close are not.
 *
 * <p>Run from the repository root as BENCHMARKS.md says, with {@code [--events N] [--snapshots S]
 * [--reps R] [--dir D]} (defaults 20,000 events, 1,000 snapshots, 5 timed runs after 1 warm-up,
 * homes in a new folder under /tmp/snapledger-bench).
 */
public final class CheckpointBench {
    private static final String DOMAIN = "vm000";
    private static final Instant START = Instant.parse("2026-11-22T00:00:00Z");
    private static final int EVERY = CommandSideModule.DOMAIN_CHECKPOINT_EVERY;

    private CheckpointBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("--events", "20000"));
        int snapshots = Integer.parseInt(options.getOrDefault("--snapshots", "1000"));
        int reps = Integer.parseInt(options.getOrDefault("--reps", "5"));
        Path dir = Path.of(options.getOrDefault("--dir", "/tmp/snapledger-bench"));
        Path homes = Files.createTempDirectory(Files.createDirectories(dir), "checkpoint");
        List<DomainEvent> history = history(events, snapshots);
        Path without = homes.resolve("without");
        Path with = homes.resolve("with");
        Path upgraded = homes.resolve("first-checkpoint");
        for (Path home : List.of(without, with, upgraded)) {
            ReplayBench.append(home, history);
        }

        describeOnce(new Timer(), false, with, EVERY); // takes the first checkpoint
        Timer none = new Timer();
        Timer checkpointed = new Timer();
        for (int i = 0; i < reps + 1; i++) {
            describeOnce(none, i > 0, without, 0);
            describeOnce(checkpointed, i > 0, with, EVERY);
        }
        Timer first = new Timer();
        describeOnce(first, true, upgraded, EVERY);
        System.out.printf("| without checkpoints: all %,d events read | %.0f ms | %.0f ms | %.2f s |%n", events,
                none.median() * 1000, none.best() * 1000, none.medianCpu());
        System.out.printf("| checkpoint every %d events: checkpoint and tail read | %.0f ms | %.0f ms | %.2f s |%n",
                EVERY, checkpointed.median() * 1000, checkpointed.best() * 1000, checkpointed.medianCpu());
        System.out.printf("| checkpoints, first command: all events read, then the checkpoint written | %.0f ms "
                + "| | %.2f s |%n", first.median() * 1000, first.medianCpu());
    }

    /** A runtime started for one command and closed after it; the timer sees the command alone. */
    private static void describeOnce(Timer timer, boolean keep, Path home, int checkpointEvery) throws Exception {
        CommandSideModule standard = CommandSideModule.standard();
        RuntimeSettings settings = RuntimeSettings.embedded(home, Clock.systemUTC(), new ImageDeviceWriter())
                .withResource(Identities.class, Identities.random())
                .withModule(new CommandSideModule(List.of(new CommandSideModule.Aggregate(Domain.class, checkpointEvery)),
                        standard.sagas(), standard.commandHandlers()));
        try (CommandRuntime runtime = CommandRuntime.start(settings)) {
            timer.time(keep, () -> runtime.commandGateway().sendAndWait(new DescribeSnapshot(DOMAIN, "s1",
                    "described by the bench", new CommandMetadata("bench", null, UUID.randomUUID()))));
        }
    }

    /** One domain: defined, {@code snapshots} imports, then descriptions and current moves up to {@code events}. */
    static List<DomainEvent> history(int events, int snapshots) {
        Random random = new Random(42);
        long[] millis = {0};
        java.util.function.Supplier<EventMetadata> meta = () -> new EventMetadata(
                new UUID(random.nextLong(), random.nextLong()), START.plusMillis(millis[0]++), "bench", null,
                new UUID(0, millis[0]));
        List<DomainEvent> history = new ArrayList<>();
        history.add(new DomainDefined(DOMAIN, List.of(new DeviceSpec("vda", "/images/" + DOMAIN + ".qcow2",
                ImageFormat.QCOW2)), false, meta.get()));
        List<UUID> taken = new ArrayList<>();
        for (int s = 0; s < snapshots; s++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            UUID parent = taken.isEmpty() ? null : taken.get(random.nextInt(taken.size()));
            history.add(new SnapshotImported(DOMAIN, uuid, s + 1L, "s" + (s + 1), null, parent, START,
                    MemoryPlan.none(), List.of(DevicePlan.internal("vda")), ImportSource.REDEFINE, meta.get()));
            taken.add(uuid);
        }
        UUID current = null;
        while (history.size() < events) {
            UUID snapshot = taken.get(random.nextInt(taken.size()));
            history.add(history.size() % 2 == 0 ? new SnapshotDescribed(DOMAIN, snapshot, "edit " + history.size(),
                    meta.get()) : new CurrentSnapshotSet(DOMAIN, snapshot, current, meta.get()));
            current = history.get(history.size() - 1) instanceof CurrentSnapshotSet ? snapshot : current;
        }
        return history;
    }

    /** Each option with its value; refuses an option it does not know or a missing value. */
    private static Map<String, String> options(String[] args) {
        Set<String> known = Set.of("--events", "--snapshots", "--reps", "--dir");
        if (args.length % 2 != 0 || !IntStream.range(0, args.length / 2).allMatch(i -> known.contains(args[2 * i]))) {
            throw new IllegalArgumentException("usage: [--events N] [--snapshots S] [--reps R] [--dir D], got "
                    + String.join(" ", args));
        }
        return IntStream.range(0, args.length / 2).boxed()
                .collect(Collectors.toMap(i -> args[2 * i], i -> args[2 * i + 1]));
    }
}
