package io.snapledger.command.device;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps that must not fail for good — undoing work, finishing a deletion — are tried a few times
 * before the failure is left to the next start, which resumes the operation and tries again.
 */
final class Retries {
    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
    private static final long[] PAUSES_MS = {0, 50, 500};

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    private Retries() {
    }

    static void run(String what, Step step) throws Exception {
        run(what, () -> {
            step.run();
            return null;
        });
    }

    static <T> T run(String what, Work<T> work) throws Exception {
        Exception last = null;
        for (long pause : PAUSES_MS) {
            if (pause > 0) {
                Thread.sleep(pause);
            }
            try {
                return work.run();
            } catch (Exception e) {
                last = e;
                LOG.warn("{} failed, will retry: {}", what, e.getMessage());
            }
        }
        throw last;
    }
}
