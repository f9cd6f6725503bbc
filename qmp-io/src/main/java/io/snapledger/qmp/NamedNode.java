package io.snapledger.qmp;

/**
 * A block node from {@code query-named-block-nodes}: format nodes (qcow2) and protocol nodes
 * (file) alike; nodes QEMU opened by itself (an overlay's backing chain) get names like
 * {@code #block123}.
 */
public record NamedNode(String nodeName, String driver, String filename, boolean readOnly) {
}
