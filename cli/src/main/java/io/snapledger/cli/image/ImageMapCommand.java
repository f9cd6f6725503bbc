package io.snapledger.cli.image;

import io.snapledger.cli.Main;
import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageMap;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code image map}: which layer of the backing chain answers each guest range, printed exactly as
 * {@code qemu-img map} prints it, so the two outputs can be compared with diff.
 */
@Command(name = "map", description = "Show where each range of guest data comes from in the backing chain.")
final class ImageMapCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Every range, as qemu-img map --output=json: start, length, depth, "
            + "present, zero, data and offset (in that layer's file).")
    private boolean json;

    @Parameters(paramLabel = "FILE", description = "The image.")
    private String file;

    @Override
    public Integer call() throws Exception {
        try (DiskImage image = Images.open(Path.of(file), false)) {
            List<ImageMap.Extent> extents = ImageMap.of(image);
            Main.of(spec).out().print(json ? json(extents) : table(extents, namesAsQemuPrintsThem(image)));
        }
        return 0;
    }

    private static String json(List<ImageMap.Extent> extents) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < extents.size(); i++) {
            ImageMap.Extent e = extents.get(i);
            text.append(String.format("{ \"start\": %d, \"length\": %d, \"depth\": %d, \"present\": %b,"
                    + " \"zero\": %b, \"data\": %b", e.start(), e.length(), e.depth(), e.present(), e.zero(), e.data()));
            e.hostOffset().ifPresent(offset -> text.append(", \"offset\": ").append(offset));
            text.append(i + 1 < extents.size() ? "},\n" : "}");
        }
        return text.append("]\n").toString();
    }

    /** Only ranges that hold data are listed, with the file they lie in, as in qemu-img's table. */
    private String table(List<ImageMap.Extent> extents, Map<Path, String> names) {
        StringBuilder text = new StringBuilder(String.format("%-16s%-16s%-16s%s\n", "Offset", "Length", "Mapped to", "File"));
        for (ImageMap.Extent e : extents) {
            if (e.data() && e.hostOffset().isEmpty()) {
                throw new ImageOperationException(file + ": File contains external, encrypted or compressed clusters;"
                        + " use --json to map it");
            }
            if (e.data() && !e.zero()) {
                text.append(String.format("%-16s%-16s%-16s%s\n", hex(e.start()), hex(e.length()),
                        hex(e.hostOffset().getAsLong()), names.getOrDefault(e.file(), e.file().toString())));
            }
        }
        return text.toString();
    }

    /** C's {@code %#x}: 0 stays "0", everything else gets "0x". */
    private static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    private Map<Path, String> namesAsQemuPrintsThem(DiskImage image) throws IOException {
        Map<Path, String> names = new HashMap<>();
        String name = file;
        for (DiskImage layer = image; layer != null; ) {
            names.put(layer.path(), name);
            if (!(layer instanceof Qcow2Image q) || q.header().backingFile() == null) {
                break;
            }
            name = BackingNames.combine(name, q.header().backingFile());
            layer = q.backing();
        }
        return names;
    }
}
