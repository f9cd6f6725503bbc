package io.snapledger.qmp;

import java.util.List;

/**
 * A guest disk as {@code query-block} shows it.
 *
 * @param device the qdev id given with {@code -device ...,id=vda} (the last-but-one part of
 *               {@code qdev}), the name snapledger uses for the disk
 * @param qdev QOM path, e.g. {@code /machine/peripheral/vda/virtio-backend}; the id HMP's
 *             {@code qemu-io -d} wants
 * @param nodeName the active (top) format node, the one to name in transactions and commits
 * @param chain the active image first, then its backing images down to the base
 */
public record BlockDevice(String device, String qdev, String nodeName, List<ImageLayer> chain) {
    public BlockDevice {
        chain = List.copyOf(chain);
    }

    public ImageLayer active() {
        return chain.get(0);
    }

    /** Filenames from the active image down to the base. */
    public List<String> chainFilenames() {
        return chain.stream().map(ImageLayer::filename).toList();
    }
}
