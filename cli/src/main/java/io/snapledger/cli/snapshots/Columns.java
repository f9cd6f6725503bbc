package io.snapledger.cli.snapshots;

import java.util.ArrayList;
import java.util.List;

/** Lines of cells aligned in columns two spaces apart, the last column unpadded; no header, one line a row. */
final class Columns {
    private final List<String[]> rows = new ArrayList<>();

    Columns row(String... cells) {
        rows.add(cells);
        return this;
    }

    String render() {
        if (rows.isEmpty()) {
            return "";
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(row[i]);
                if (i < row.length - 1) {
                    out.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
