package io.snapledger.qmp;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NodeNamesTest {
    @Test
    void formatAndFileNodesReadBackAsTheirDeviceAndLayer() {
        assertEquals("sl_vda_0", NodeNames.format("vda", "0"));
        assertEquals("sl_virtio-disk0_3f2a9c1e_file", NodeNames.file("virtio-disk0", "3f2a9c1e"));
        assertEquals(Optional.of(new NodeNames.Layer("virtio-disk0", "3f2a9c1e", true)),
                NodeNames.parse("sl_virtio-disk0_3f2a9c1e_file"));
        assertEquals(Optional.of(new NodeNames.Layer("vda", "0", false)), NodeNames.parse("sl_vda_0"));
    }

    @Test
    void namesNotOursAreNotParsed() {
        assertEquals(Optional.empty(), NodeNames.parse("#block123"));
        assertEquals(Optional.empty(), NodeNames.parse("sl_vda"));
        assertEquals(Optional.empty(), NodeNames.parse("sl_vda_0_other"));
    }

    @Test
    void namesQemuWouldRefuseAreRefusedHere() {
        assertThrows(IllegalArgumentException.class, () -> NodeNames.format("vda", "a-b"));
        assertThrows(IllegalArgumentException.class, () -> NodeNames.format("v_da", "0"));
        assertThrows(IllegalArgumentException.class, () -> NodeNames.file("vda", "0123456789abcdef0123"));
    }
}
