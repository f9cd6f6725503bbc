package io.snapledger.cli.image;

import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.merge.Merges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code image rebase}: qemu-img rebase, pointing an overlay at another backing file. */
@Command(name = "rebase", description = "Give an overlay another backing file (or none) without changing what the guest reads.")
final class ImageRebaseCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "-u", description = "Unsafe: only rewrite the header; the caller vouches that both chains read the same.")
    private boolean unsafe;

    @Option(names = "-b", paramLabel = "NEW", required = true,
            description = "The new backing file, relative to FILE's folder unless absolute; \"\" for none.")
    private String newBacking;

    @Option(names = "-F", paramLabel = "FMT", description = "Format of the new backing file: qcow2 or raw.")
    private String newBackingFormat;

    @Parameters(paramLabel = "FILE", description = "The overlay to rebase.")
    private String file;

    @Override
    public Integer call() throws Exception {
        boolean detach = newBacking.isEmpty();
        if (!detach && newBackingFormat == null) {
            throw new BadUsageException(file + ": the new backing file needs its format; add -F qcow2 or -F raw");
        }
        ImageFormat format = detach ? null : ImageFormat.fromQemuName(newBackingFormat);
        try (ProgressDisplay progress = ProgressDisplay.start(Main.of(spec), "rebase")) {
            Merges.rebase(Path.of(file), detach ? null : newBacking, format, unsafe, progress);
        }
        return 0;
    }
}
