package io.snapledger.cli.image;

import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Creator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code image create}: qemu-img create's flags for qcow2 images, overlays and sparse raw files.
 * Unlike qemu-img it never overwrites an existing file.
 */
@Command(name = "create", description = "Create a qcow2 image, a qcow2 overlay on a backing file, or a sparse raw image.")
final class ImageCreateCommand implements Callable<Integer> {
    /** qemu-img makes every image a whole number of 512-byte sectors. */
    private static final long SECTOR = 512;

    @Spec
    private CommandSpec spec;

    @Option(names = "-f", paramLabel = "FMT", defaultValue = "raw",
            description = "Format of the new image: qcow2 or raw (default: ${DEFAULT-VALUE}, as in qemu-img).")
    private String format;

    @Option(names = "-b", paramLabel = "BACKING",
            description = "Backing file of a qcow2 overlay; a relative name is relative to FILE's folder.")
    private String backing;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the backing file: qcow2 or raw (required with -b).")
    private String backingFormat;

    @Option(names = "-o", paramLabel = "OPTIONS",
            description = "qcow2 options, comma-separated: cluster_size, refcount_bits, compat ('-o help' lists them).")
    private List<String> options = new ArrayList<>();

    @Option(names = "-q", description = "Print nothing on success.")
    private boolean quiet;

    @Option(names = "--json", description = "Print the new image's 'image info --json' instead of the Formatting line.")
    private boolean json;

    @Parameters(index = "0", paramLabel = "FILE", description = "The image to create; it must not exist.")
    private String file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIZE",
            description = "Virtual size: bytes or k, M, G, T suffixes (default with -b: the backing file's).")
    private String size;

    @Override
    public Integer call() throws Exception {
        PrintStream out = Main.of(spec).out();
        if (Qcow2CreateOptions.asksForHelp(options)) {
            out.print(Qcow2CreateOptions.HELP);
            return 0;
        }
        ImageFormat imageFormat = ImageFormat.fromQemuName(format);
        Path path = Path.of(file);
        if (Files.exists(path)) {
            throw new ImageOperationException(file + " already exists; choose another file name");
        }
        String formatting = imageFormat == ImageFormat.RAW ? createRaw(path) : createQcow2(path);
        if (json) {
            try (DiskImage image = Images.open(path, false)) {
                out.println(Json.pretty(ImageDescription.of(file, image).json()));
            }
        } else if (!quiet) {
            out.println("Formatting '" + file + "', fmt=" + imageFormat.qemuName() + " " + formatting);
        }
        return 0;
    }

    private String createRaw(Path path) throws IOException {
        if (backing != null) {
            throw new BadUsageException(file + ": Backing file not supported for file format 'raw'");
        }
        if (!options.isEmpty()) {
            throw new BadUsageException(file + ": Invalid parameter '" + options.get(0).split("[=,]")[0]
                    + "'; raw images take no -o options");
        }
        long bytes = requestedSize();
        // Only the length is set, so the file stays sparse, as qemu-img's raw images are.
        try (RandomAccessFile raw = new RandomAccessFile(Files.createFile(path).toFile(), "rw")) {
            raw.setLength(bytes);
        }
        return "size=" + bytes;
    }

    private String createQcow2(Path path) throws IOException {
        if (backing != null && backingFormat == null) {
            throw new BadUsageException(file + ": Backing file specified without backing format;"
                    + " add -F qcow2 or -F raw");
        }
        if (backing == null && backingFormat != null) {
            throw new BadUsageException(file + ": -F names the format of a backing file; give the file with -b");
        }
        Qcow2CreateOptions qcow2 = Qcow2CreateOptions.parse(options);
        ImageFormat baseFormat = backing == null ? null : ImageFormat.fromQemuName(backingFormat);
        // The backing file is opened even when SIZE is given, so a wrong name or format is refused now.
        Long baseSize = backing == null ? null : backingSize(path);
        long bytes = size == null && baseSize != null ? baseSize : requestedSize();
        Qcow2Creator.create(path, new Qcow2Creator.Options(bytes, qcow2.clusterBits(), qcow2.version(),
                qcow2.refcountOrder(), backing, baseFormat, List.of()));
        String backingPart = backing == null ? "" : " backing_file=" + backing + " backing_fmt=" + backingFormat;
        return "cluster_size=" + qcow2.clusterSize() + " size=" + bytes + backingPart + " compat=" + qcow2.compat()
                + " refcount_bits=" + qcow2.refcountBits();
    }

    private long requestedSize() {
        if (size == null) {
            throw new BadUsageException(file + ": Image creation needs a size parameter");
        }
        long bytes = QemuSize.parse(size, "image size");
        return (bytes + SECTOR - 1) / SECTOR * SECTOR;
    }

    private long backingSize(Path path) throws IOException {
        Path resolved = Images.resolveBacking(path, backing);
        if (!Files.isRegularFile(resolved)) {
            throw new ImageOperationException(file + ": backing file " + resolved + " does not exist;"
                    + " check -b (a relative name is relative to the new image's folder)");
        }
        try (DiskImage base = Images.openBacking(path, backing, backingFormat)) {
            return base.virtualSize();
        }
    }
}
