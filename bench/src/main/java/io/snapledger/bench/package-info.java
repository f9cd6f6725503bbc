/** Benchmarks that run snapledger side by side with qemu-img. */
package io.snapledger.bench;
