package io.snapledger.app.image;

import io.snapledger.app.Main;
import io.snapledger.image.ProgressListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows how far a long merge has come on stderr, only when a person watches a terminal: in a pipe,
 * a log or a test nothing is drawn and the listener does nothing.
 */
final class ProgressDisplay implements ProgressListener, AutoCloseable {
    private static final long MIB = 1 << 20;
    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    static ProgressDisplay start(Main cli, String task) {
        if (!cli.stderrIsTerminal()) {
            return new ProgressDisplay(null);
        }
        return new ProgressDisplay(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(-1)
                .setUnit(" MiB", MIB)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(cli.err()))
                .build());
    }

    @Override
    public void progress(long done, long total) {
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
