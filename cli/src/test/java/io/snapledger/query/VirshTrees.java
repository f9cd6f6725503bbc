package io.snapledger.query;

/**
 * {@code virsh snapshot-list --tree} output, as virsh 9.0's test driver printed it for the trees
 * the tests build (trailing spaces included, which is why these are not text blocks).
 */
final class VirshTrees {

    private VirshTrees() {
    }

    /** root with children _u (child 10), b (children Alpha, c1) and Zed (child a2). */
    static final String FULL = lines(
            "root",
            "  |",
            "  +- _u",
            "  |   |",
            "  |   +- 10",
            "  |     ",
            "  +- b",
            "  |   |",
            "  |   +- Alpha",
            "  |   +- c1",
            "  |     ",
            "  +- Zed",
            "      |",
            "      +- a2",
            "        ",
            "");

    /** FULL after a plain delete of b: Alpha and c1 move up to root. */
    static final String AFTER_DELETE_B = lines(
            "root",
            "  |",
            "  +- _u",
            "  |   |",
            "  |   +- 10",
            "  |     ",
            "  +- Alpha",
            "  +- c1",
            "  +- Zed",
            "      |",
            "      +- a2",
            "        ",
            "");

    /** FULL after a plain delete of root: its children are roots. */
    static final String AFTER_DELETE_ROOT = lines(
            "_u",
            "  |",
            "  +- 10",
            "    ",
            "b",
            "  |",
            "  +- Alpha",
            "  +- c1",
            "    ",
            "Zed",
            "  |",
            "  +- a2",
            "    ",
            "");

    /** FULL after deleting b with its children. */
    static final String AFTER_DELETE_B_WITH_CHILDREN = lines(
            "root",
            "  |",
            "  +- _u",
            "  |   |",
            "  |   +- 10",
            "  |     ",
            "  +- Zed",
            "      |",
            "      +- a2",
            "        ",
            "");

    /** FULL after deleting only root's children. */
    static final String AFTER_DELETE_ROOT_CHILDREN_ONLY = lines("root", "", "");

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
