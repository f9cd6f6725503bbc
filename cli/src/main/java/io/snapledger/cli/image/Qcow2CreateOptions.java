package io.snapledger.cli.image;

import io.snapledger.cli.BadUsageException;

import java.util.List;

/**
 * The {@code -o key=value,...} options of {@code image create -f qcow2} that the engine honours,
 * checked with qemu-img's rules and words; any other key is refused rather than ignored.
 */
record Qcow2CreateOptions(int clusterBits, int version, int refcountOrder) {
    static final String HELP = """
            Supported options:
              cluster_size=<size>    - qcow2 cluster size (512 to 2M, a power of two; default 64k)
              compat=<str>           - Compatibility level (v2 [0.10] or v3 [1.1]; default 1.1)
              refcount_bits=<num>    - Width of a reference count entry in bits (1 to 64, a power of two; default 16)
            """;

    static boolean asksForHelp(List<String> options) {
        return options.stream().anyMatch(o -> o.equals("help") || o.equals("?"));
    }

    static Qcow2CreateOptions parse(List<String> options) {
        long clusterSize = 1 << 16;
        int version = 3;
        int refcountBits = 16;
        for (String group : options) {
            for (String option : group.split(",")) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                String value = eq < 0 ? "" : option.substring(eq + 1);
                switch (key) {
                    case "cluster_size" -> clusterSize = QemuSize.parse(value, "cluster size");
                    case "compat" -> version = compat(value);
                    case "refcount_bits" -> refcountBits = refcountBits(value);
                    default -> throw new BadUsageException("Invalid parameter '" + key
                            + "'; supported: cluster_size, compat, refcount_bits (see -o help)");
                }
            }
        }
        if (clusterSize < 512 || clusterSize > (2 << 20) || Long.bitCount(clusterSize) != 1) {
            throw new BadUsageException("Cluster size must be a power of two between 512 and 2048k");
        }
        if (version == 2 && refcountBits != 16) {
            throw new BadUsageException("Different refcount widths than 16 bits require compatibility level 1.1"
                    + " or above (use compat=1.1)");
        }
        return new Qcow2CreateOptions(Long.numberOfTrailingZeros(clusterSize), version,
                Integer.numberOfTrailingZeros(refcountBits));
    }

    private static int compat(String value) {
        return switch (value) {
            case "0.10", "v2" -> 2;
            case "1.1", "v3" -> 3;
            default -> throw new BadUsageException("Invalid compatibility level: '" + value + "'; use 0.10 or 1.1");
        };
    }

    private static int refcountBits(String value) {
        int bits;
        try {
            bits = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 1 || bits > 64 || Integer.bitCount(bits) != 1) {
            throw new BadUsageException("Refcount width must be a power of two and may not exceed 64 bits");
        }
        return bits;
    }

    int clusterSize() {
        return 1 << clusterBits;
    }

    String compat() {
        return version == 2 ? "0.10" : "1.1";
    }

    int refcountBits() {
        return 1 << refcountOrder;
    }
}
