package io.snapledger.cli.snapshots;

import java.util.ArrayList;
import java.util.List;

/**
 * A table laid out as virsh lays out its own (libvirt's vshTable): a space, then each column
 * padded to its widest cell and followed by three spaces, the last one unpadded; a rule of
 * dashes under the header; an empty line at the end.
 */
public final class VirshTable {
    private final List<String[]> rows = new ArrayList<>();

    public VirshTable(String... header) {
        rows.add(header);
    }

    public VirshTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    public String render() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        StringBuilder out = new StringBuilder();
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        total += 1 + 3 * (columns - 1);
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            out.append(' ');
            for (int i = 0; i < columns; i++) {
                out.append(row[i]);
                if (i < columns - 1) {
                    out.append(" ".repeat(widths[i] - width(row[i]) + 3));
                }
            }
            out.append('\n');
            if (r == 0) {
                out.append("-".repeat(total + 2)).append('\n');
            }
        }
        return out.append('\n').toString();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
