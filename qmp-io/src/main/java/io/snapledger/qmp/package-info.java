/**
 * The I/O layer through which snapledger drives a live QEMU over QMP, as image-io is for image
 * files: {@link io.snapledger.qmp.QmpClient} speaks the protocol, {@link io.snapledger.qmp.QmpJobs}
 * follows jobs to their end, {@link io.snapledger.qmp.LiveBlock} gives the commands snapledger
 * uses typed arguments and records, {@link io.snapledger.qmp.QemuProcess} starts QEMU with
 * snapledger's node names ({@link io.snapledger.qmp.NodeNames}). What each command does on
 * QEMU 7.2 is written down in docs/qemu-live.md and proven by this module's tests.
 */
package io.snapledger.qmp;
