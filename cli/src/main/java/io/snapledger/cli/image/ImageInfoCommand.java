package io.snapledger.cli.image;

import io.snapledger.cli.Main;
import io.snapledger.image.DiskImage;
import io.snapledger.image.Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code image info}: like {@code qemu-img info}, with snapledger's snapshot UUIDs added. */
@Command(name = "info", description = "Show an image's format, sizes, backing file and internal snapshots.")
final class ImageInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print qemu-img info's JSON (--output=json), plus uuid and parent-uuid per snapshot.")
    private boolean json;

    @Parameters(paramLabel = "FILE", description = "The image.")
    private String file;

    @Override
    public Integer call() throws Exception {
        try (DiskImage image = Images.open(Path.of(file), false)) {
            ImageDescription description = ImageDescription.of(file, image);
            Main.of(spec).out().print(json ? Json.pretty(description.json()) + "\n" : description.text());
        }
        return 0;
    }
}
