package io.snapledger.cli.snapshots;

import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.query.SnapshotDevice;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotRef;

/**
 * libvirt's {@code <domainsnapshot>} XML for a snapshot, laid out as virsh prints it (two-space
 * indents, single-quoted attributes). Without the {@code <domain>} element: snapledger records
 * disks, not the VM's whole configuration.
 */
final class SnapshotXml {
    private SnapshotXml() {
    }

    static String of(SnapshotNode node, SnapshotRef parent, String state) {
        StringBuilder xml = new StringBuilder("<domainsnapshot>\n");
        element(xml, "  ", "name", node.name());
        if (node.description() != null) {
            element(xml, "  ", "description", node.description());
        }
        element(xml, "  ", "state", state);
        if (parent != null) {
            xml.append("  <parent>\n");
            element(xml, "    ", "name", parent.name());
            xml.append("  </parent>\n");
        }
        element(xml, "  ", "creationTime", Long.toString(node.creationTime().getEpochSecond()));
        xml.append("  <memory snapshot='").append(lower(node.memoryMode().name())).append('\'');
        if (node.memoryFile() != null) {
            xml.append(" file='").append(escape(node.memoryFile())).append('\'');
        }
        xml.append("/>\n");
        xml.append("  <disks>\n");
        for (SnapshotDevice device : node.devices()) {
            xml.append("    <disk name='").append(escape(device.device())).append("' snapshot='")
                    .append(lower(device.mode().name())).append('\'');
            if (device.mode() == DiskSnapshotMode.EXTERNAL && device.overlay() != null) {
                // libvirt names the new overlay: the file the disk writes to from this snapshot on
                xml.append(" type='file'>\n");
                xml.append("      <driver type='qcow2'/>\n");
                xml.append("      <source file='").append(escape(device.overlay())).append("'/>\n");
                xml.append("    </disk>\n");
            } else {
                xml.append("/>\n");
            }
        }
        xml.append("  </disks>\n");
        return xml.append("</domainsnapshot>\n").toString();
    }

    private static void element(StringBuilder xml, String indent, String name, String text) {
        xml.append(indent).append('<').append(name).append('>').append(escape(text))
                .append("</").append(name).append(">\n");
    }

    private static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Escapes text and attribute values alike. Control characters that XML 1.0 cannot carry at
     * all, not even as references, become U+FFFD so the document still parses.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                case '\n', '\t' -> out.append(c);
                case '\r' -> out.append("&#13;");
                default -> out.append(c < 0x20 || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
