package io.snapledger.query;

import java.util.Comparator;

/**
 * The order virsh lists snapshot names in: byte by byte over UTF-8 with ASCII letters folded to
 * lower case ({@code g_ascii_strcasecmp}), so {@code 10 < _u < a2 < Alpha < b < Zed}. Names that
 * only differ in ASCII case are then ordered by their exact code points, so the order is total
 * and a tree's children always come out the same way. Comparing code points gives the same
 * order as comparing UTF-8 bytes.
 */
public final class SnapshotNameOrder implements Comparator<String> {

    public static final SnapshotNameOrder INSTANCE = new SnapshotNameOrder();

    private SnapshotNameOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int folded = compareCodePoints(a, b, true);
        return folded != 0 ? folded : compareCodePoints(a, b, false);
    }

    private static int compareCodePoints(String a, String b, boolean foldAsciiCase) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (foldAsciiCase) {
                ca = asciiLower(ca);
                cb = asciiLower(cb);
            }
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int asciiLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
