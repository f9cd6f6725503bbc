package io.snapledger.cli.image;

import io.snapledger.cli.Main;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code image snapshot -l|-c|-a|-d}: qemu-img snapshot on internal snapshots. A snapshot made here
 * gets the next numeric id (as QEMU numbers them), a fresh UUID and no parent: outside a domain
 * there is no history to place it in.
 */
@Command(name = "snapshot", description = "List, create, apply or delete internal snapshots of a qcow2 image.")
final class ImageSnapshotCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Action action;

    static final class Action {
        @Option(names = "-l", description = "List the snapshots.")
        boolean list;

        @Option(names = "-c", paramLabel = "NAME", description = "Create a snapshot of the current state.")
        String create;

        @Option(names = "-a", paramLabel = "SNAPSHOT", description = "Apply a snapshot (by id or name): the image reverts to it.")
        String apply;

        @Option(names = "-d", paramLabel = "SNAPSHOT", description = "Delete a snapshot (by id or name).")
        String delete;
    }

    @Option(names = "--json", description = "With -l: the snapshots as in qemu-img info's JSON; with -c: the new snapshot.")
    private boolean json;

    @Parameters(paramLabel = "FILE", description = "The qcow2 image.")
    private String file;

    @Override
    public Integer call() throws Exception {
        Path path = Path.of(file);
        if (Images.probe(path) == ImageFormat.RAW) {
            throw new ImageOperationException(file + ": a raw image cannot hold internal snapshots;"
                    + " convert it with 'qemu-img convert -O qcow2' or put a qcow2 overlay on it with 'image create -b'");
        }
        PrintStream out = Main.of(spec).out();
        try (Qcow2Image image = Qcow2Image.open(path, !action.list)) {
            if (action.list) {
                List<SnapshotEntry> snapshots = image.snapshots();
                if (json) {
                    out.println(Json.pretty(SnapshotListing.json(snapshots)));
                } else if (!snapshots.isEmpty()) {
                    out.print(SnapshotListing.table(snapshots));
                }
            } else if (action.create != null) {
                SnapshotEntry created = image.createSnapshot(NewSnapshot.of(nextId(image.snapshots()), action.create,
                        UUID.randomUUID(), null, Instant.now()));
                if (json) {
                    out.println(Json.pretty(SnapshotListing.json(created)));
                }
            } else if (action.apply != null) {
                image.applySnapshot(image.snapshot(action.apply));
            } else {
                image.deleteSnapshot(image.snapshot(action.delete));
            }
        }
        return 0;
    }

    /** QEMU's rule: one more than the largest numeric id; ids that are not numbers do not count. */
    static String nextId(List<SnapshotEntry> snapshots) {
        long max = 0;
        for (SnapshotEntry s : snapshots) {
            if (s.id().matches("\\d{1,18}")) {
                max = Math.max(max, Long.parseLong(s.id()));
            }
        }
        return Long.toString(max + 1);
    }
}
