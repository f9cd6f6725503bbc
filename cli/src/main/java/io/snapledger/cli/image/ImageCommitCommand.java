package io.snapledger.cli.image;

import io.snapledger.cli.Main;
import io.snapledger.image.merge.Merges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code image commit}: qemu-img commit, writing an overlay's data down into its backing file. */
@Command(name = "commit", description = "Write the data an overlay holds into its backing file.")
final class ImageCommitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "-d", description = "Keep the overlay's data (by default it is emptied, as qemu-img does).")
    private boolean keepTop;

    @Option(names = "-q", description = "Print nothing on success.")
    private boolean quiet;

    @Parameters(paramLabel = "FILE", description = "The overlay to commit.")
    private String file;

    @Override
    public Integer call() throws Exception {
        Main cli = Main.of(spec);
        try (ProgressDisplay progress = ProgressDisplay.start(cli, "commit")) {
            Merges.commit(Path.of(file), !keepTop, progress);
        }
        if (!quiet) {
            cli.out().println("Image committed.");
        }
        return 0;
    }
}
