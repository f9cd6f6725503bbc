package io.snapledger.cli.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.cli.Main;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.CheckReport;
import io.snapledger.image.qcow2.Qcow2Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code image check}: qemu-img check's report and exit codes (0 clean, 2 corruptions, 3 leaks
 * only, 1 could not check, 63 the format has nothing to check). Reads only; it never repairs.
 */
@Command(name = "check", description = "Check an image's metadata for corruptions and leaked clusters.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:No errors were found.",
            "1:The image could not be checked.",
            "2:Corruptions were found.",
            "3:Only leaked clusters were found (space is wasted, data is safe).",
            "63:The format has no metadata to check (raw)."})
final class ImageCheckCommand implements Callable<Integer> {
    static final int NOTHING_TO_CHECK = 63;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print qemu-img check's JSON (--output=json).")
    private boolean json;

    @Parameters(paramLabel = "FILE", description = "The image.")
    private String file;

    @Override
    public Integer call() throws Exception {
        Path path = Path.of(file);
        if (Images.probe(path) == ImageFormat.RAW) {
            Main.of(spec).err().println("snapledger: " + file
                    + ": raw images have no metadata to check; use 'qemu-img compare' to check their content");
            return NOTHING_TO_CHECK;
        }
        CheckReport report;
        try (Qcow2Image image = Qcow2Image.open(path, false)) {
            report = image.check();
        }
        PrintStream out = Main.of(spec).out();
        out.print(json ? Json.pretty(json(report)) + "\n" : text(report));
        return report.exitCode();
    }

    /** The keys qemu-img check writes, each counter only when it is not zero, as qemu-img does. */
    private ObjectNode json(CheckReport report) {
        ObjectNode node = Json.object().put("filename", file).put("format", "qcow2")
                .put("check-errors", report.checkErrors());
        putIfNonZero(node, "corruptions", report.corruptions());
        putIfNonZero(node, "leaks", report.leaks());
        putIfNonZero(node, "image-end-offset", report.imageEndOffset());
        putIfNonZero(node, "total-clusters", report.totalClusters());
        putIfNonZero(node, "allocated-clusters", report.allocatedClusters());
        putIfNonZero(node, "fragmented-clusters", report.fragmentedClusters());
        putIfNonZero(node, "compressed-clusters", report.compressedClusters());
        if (!report.problems().isEmpty()) {
            report.problems().forEach(node.putArray("problems")::add);
        }
        return node;
    }

    private static void putIfNonZero(ObjectNode node, String key, long value) {
        if (value != 0) {
            node.put(key, value);
        }
    }

    /** qemu-img check's sentences; the problems found come first, one "ERROR" line each. */
    private static String text(CheckReport report) {
        StringBuilder text = new StringBuilder();
        report.problems().forEach(p -> text.append("ERROR ").append(p).append('\n'));
        if (report.clean()) {
            text.append("No errors were found on the image.\n");
        }
        if (report.corruptions() > 0) {
            text.append('\n').append(report.corruptions()).append(" errors were found on the image.\n")
                    .append("Data may be corrupted, or further writes to the image may corrupt it.\n");
        }
        if (report.leaks() > 0) {
            text.append('\n').append(report.leaks()).append(" leaked clusters were found on the image.\n")
                    .append("This means waste of disk space, but no harm to data.\n");
        }
        if (report.checkErrors() > 0) {
            text.append('\n').append(report.checkErrors()).append(" internal errors have occurred during the check.\n");
        }
        if (report.totalClusters() != 0 && report.allocatedClusters() != 0) {
            text.append(String.format(Locale.ROOT,
                    "%d/%d = %.2f%% allocated, %.2f%% fragmented, %.2f%% compressed clusters\n",
                    report.allocatedClusters(), report.totalClusters(),
                    report.allocatedClusters() * 100.0 / report.totalClusters(),
                    report.fragmentedClusters() * 100.0 / report.allocatedClusters(),
                    report.compressedClusters() * 100.0 / report.allocatedClusters()));
        }
        if (report.imageEndOffset() != 0) {
            text.append("Image end offset: ").append(report.imageEndOffset()).append('\n');
        }
        return text.toString();
    }
}
