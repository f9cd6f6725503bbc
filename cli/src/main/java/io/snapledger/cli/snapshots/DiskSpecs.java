package io.snapledger.cli.snapshots;

import io.snapledger.cli.BadUsageException;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Parses virsh's {@code --diskspec DEV,snapshot=MODE[,file=PATH]} and {@code --memspec snapshot=MODE[,file=PATH]}. */
final class DiskSpecs {
    private DiskSpecs() {
    }

    static DevicePlan disk(String spec, Function<String, Path> paths) {
        String[] parts = spec.split(",");
        Map<String, String> fields = fields(parts, 1, "--diskspec", spec);
        String device = parts[0];
        if (device.isBlank() || device.contains("=")) {
            throw new BadUsageException("--diskspec starts with the device name, e.g. --diskspec vda,snapshot=internal; got '"
                    + spec + "'");
        }
        DiskSnapshotMode mode = DiskSnapshotMode.valueOf(mode(fields, "--diskspec", spec, "internal|external|no"));
        String file = fields.get("file");
        if (file != null && mode != DiskSnapshotMode.EXTERNAL) {
            throw new BadUsageException("--diskspec " + spec + ": file= goes with snapshot=external only");
        }
        return new DevicePlan(device, mode, file == null ? null : paths.apply(file).toString());
    }

    static MemoryPlan memory(String spec, Function<String, Path> paths) {
        Map<String, String> fields = fields(spec.split(","), 0, "--memspec", spec);
        MemoryMode mode = MemoryMode.valueOf(mode(fields, "--memspec", spec, "no|internal|external"));
        String file = fields.get("file");
        if (file != null && mode != MemoryMode.EXTERNAL) {
            throw new BadUsageException("--memspec " + spec + ": file= goes with snapshot=external only");
        }
        return new MemoryPlan(mode, file == null ? null : paths.apply(file).toString());
    }

    private static Map<String, String> fields(String[] parts, int from, String option, String spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = from; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String key = eq < 0 ? "" : parts[i].substring(0, eq);
            if (!key.equals("snapshot") && !key.equals("file")) {
                throw new BadUsageException(option + " " + spec + ": unknown field '" + parts[i]
                        + "'; use snapshot=MODE and file=PATH");
            }
            fields.put(key, parts[i].substring(eq + 1));
        }
        return fields;
    }

    private static String mode(Map<String, String> fields, String option, String spec, String modes) {
        String mode = fields.get("snapshot");
        if (mode == null || !("|" + modes + "|").contains("|" + mode + "|")) {
            throw new BadUsageException(option + " " + spec + ": snapshot= must be one of " + modes);
        }
        return mode.toUpperCase();
    }
}
