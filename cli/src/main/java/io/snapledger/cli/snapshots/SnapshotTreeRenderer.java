package io.snapledger.cli.snapshots;

import io.snapledger.query.SnapshotTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Draws a {@link SnapshotTree} exactly as {@code virsh snapshot-list --tree} does (libvirt's
 * {@code vshTreePrint}, checked against virsh 9.0), so operators see what they know:
 *
 * <pre>
 * root
 *   |
 *   +- child-a
 *   |   |
 *   |   +- grandchild
 *   |
 *   +- child-b
 * </pre>
 *
 * Including virsh's quirks: a line of indentation alone after the last child of a branch (with
 * trailing spaces), an empty line after a root without children, and an empty line at the end.
 * Drawn with an explicit stack, so a chain of any depth renders without a deep call stack.
 */
public final class SnapshotTreeRenderer {

    private SnapshotTreeRenderer() {
    }

    public static String render(SnapshotTree tree) {
        StringBuilder out = new StringBuilder();
        try {
            render(tree, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return out.toString();
    }

    /**
     * Draws the tree into {@code out}, e.g. straight to the terminal: like virsh's, the drawing of
     * a chain grows with the square of its depth (about 200 MB of indentation for 10,000 levels).
     */
    public static void render(SnapshotTree tree, Appendable out) throws IOException {
        StringBuilder indent = new StringBuilder();
        Deque<Step> steps = new ArrayDeque<>();
        for (int i = tree.roots().size() - 1; i >= 0; i--) {
            // virsh draws each root as the last of its own list.
            steps.push(new Step(tree.roots().get(i), true, true, false));
        }
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            if (step.leaving()) {
                leave(step, indent, out);
            } else {
                enter(step, indent, out, steps);
            }
        }
        out.append('\n');
    }

    private static void enter(Step step, StringBuilder indent, Appendable out, Deque<Step> steps) throws IOException {
        line(out, indent, (step.root() ? "" : "+- ") + step.node().snapshot().name());
        if (!step.root()) {
            indent.append(step.last() ? ' ' : '|').append(' ');
        }
        List<SnapshotTree.Node> children = step.node().children();
        if (!children.isEmpty()) {
            line(out, indent, "  |");
        }
        indent.append("  ");
        steps.push(new Step(step.node(), step.root(), step.last(), true));
        for (int i = children.size() - 1; i >= 0; i--) {
            steps.push(new Step(children.get(i), false, i == children.size() - 1, false));
        }
    }

    private static void leave(Step step, StringBuilder indent, Appendable out) throws IOException {
        indent.setLength(indent.length() - 2);
        if (step.node().children().isEmpty() && step.last()) {
            line(out, indent, "");
        }
        if (!step.root()) {
            indent.setLength(indent.length() - 2);
        }
    }

    private static void line(Appendable out, CharSequence indent, String text) throws IOException {
        out.append(indent).append(text).append('\n');
    }

    /** Entering a node prints it and schedules its children; leaving it closes its indentation. */
    private record Step(SnapshotTree.Node node, boolean root, boolean last, boolean leaving) {
    }
}
