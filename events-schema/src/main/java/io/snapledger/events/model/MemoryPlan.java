package io.snapledger.events.model;

/**
 * Where a snapshot keeps the guest's memory state ({@code --memspec snapshot=MODE[,file=FILE]}).
 *
 * @param mode no, internal or external
 * @param file the memory state file for external memory; null otherwise. A command may leave it
 *             null (the aggregate then chooses a name); the plan recorded in an event always has it.
 */
public record MemoryPlan(MemoryMode mode, @Nullable String file) {

    public MemoryPlan {
        Require.nonNull(mode, "memory mode");
        Require.nullOrNonBlank(file, "memory state file");
        if (file != null && mode != MemoryMode.EXTERNAL) {
            throw new IllegalArgumentException("memory mode " + mode
                    + " names a file; only external memory state has one");
        }
    }

    public static MemoryPlan none() {
        return new MemoryPlan(MemoryMode.NO, null);
    }

    public static MemoryPlan internal() {
        return new MemoryPlan(MemoryMode.INTERNAL, null);
    }

    public static MemoryPlan external(String file) {
        return new MemoryPlan(MemoryMode.EXTERNAL, file);
    }

    /** Checks the plan as an event records it: external memory's file is known. */
    public MemoryPlan requireResolved() {
        if (mode == MemoryMode.EXTERNAL && file == null) {
            throw new IllegalArgumentException("external memory state has no file");
        }
        return this;
    }
}
