package io.snapledger.qmp;

import java.time.Instant;

/**
 * An internal snapshot of one image as QEMU lists it ({@code query-block} image snapshots).
 *
 * @param id QEMU's id_str, chosen by QEMU per image (largest numeric id on that image + 1)
 * @param vmStateSize bytes of saved memory state; 0 on disks that only took part as devices
 */
public record InternalSnapshot(String id, String name, long vmStateSize, Instant date, long vmClockNanos) {
}
