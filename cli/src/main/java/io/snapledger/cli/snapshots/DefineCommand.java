package io.snapledger.cli.snapshots;

import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.image.Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code define DOMAIN --disk NAME=PATH…}: a domain and the image behind each of its devices. */
@Command(name = "define", description = "Define a domain (an offline VM) and its disk images.")
public final class DefineCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The domain's name.")
    private String domain;

    @Option(names = "--disk", required = true, paramLabel = "NAME=PATH",
            description = "A device and its image file (qcow2 or raw, probed); repeat for each device.")
    private List<String> disks = new ArrayList<>();

    @Option(names = "--import", description = "Rebuild the domain's snapshot history from its images "
            + "(UUIDs and parents kept in snapledger's qcow2 entries), e.g. after the home folder was lost.")
    private boolean importFromImages;

    @Override
    public Integer call() throws Exception {
        List<DeviceSpec> devices = new ArrayList<>();
        for (String disk : disks) {
            int eq = disk.indexOf('=');
            if (eq <= 0 || eq == disk.length() - 1) {
                throw new BadUsageException("--disk takes NAME=PATH, e.g. --disk vda=/var/lib/images/vm.qcow2; got '"
                        + disk + "'");
            }
            Path path = Main.of(spec).path(disk.substring(eq + 1));
            ImageFormat format = ImageFormat.valueOf(Images.probe(path).name());
            devices.add(new DeviceSpec(disk.substring(0, eq), path.toString(), format));
        }
        int imported = 0;
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            imported = ledger.define(Main.of(spec).caller(), domain, devices, importFromImages);
        }
        Main.of(spec).out().println("Domain " + domain + " defined with " + devices.size() + " device(s)"
                + (importFromImages ? ", " + imported + " snapshot(s) rebuilt from its images" : ""));
        return 0;
    }
}
