package io.snapledger.cli.snapshots;

import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.QemuLink;
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
@Command(name = "define", description = "Define a domain and its disk images: images only, a running QEMU "
        + "reached over QMP (--qmp), or one snapledger starts itself (--emulator).")
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

    @Option(names = "--qmp", paramLabel = "SOCKET", description = "The QMP unix socket of a QEMU someone else "
            + "started; it must have every --disk file open as that device. The domain is live: snapshots go through QMP.")
    private String qmp;

    @Option(names = "--emulator", description = "snapledger starts the domain's QEMU itself ('snapledger start'), "
            + "its QMP socket and log under HOME/qemu/DOMAIN.")
    private boolean emulator;

    @Override
    public Integer call() throws Exception {
        if (qmp != null && emulator) {
            throw new BadUsageException("--qmp attaches to a QEMU someone else started, --emulator has snapledger start "
                    + "one: give one of them");
        }
        if ((qmp != null || emulator) && importFromImages) {
            throw new BadUsageException("--import rebuilds the history of a domain of images only; define a live "
                    + "domain without it");
        }
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
        QemuLink link = qmp != null ? QemuLink.attached(Main.of(spec).path(qmp).toString())
                : emulator ? QemuLink.startedBySnapledger() : null;
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            if (link != null) {
                ledger.defineLive(Main.of(spec).caller(), domain, devices, link);
            } else {
                imported = ledger.define(Main.of(spec).caller(), domain, devices, importFromImages);
            }
        }
        Main.of(spec).out().println("Domain " + domain + " defined with " + devices.size() + " device(s)"
                + (importFromImages ? ", " + imported + " snapshot(s) rebuilt from its images" : "")
                + (qmp != null ? ", live at " + link.qmpSocket() : emulator ? ", started by snapledger" : ""));
        return 0;
    }
}
