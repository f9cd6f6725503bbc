package io.snapledger.cli.snapshots;

import io.snapledger.core.LedgerReads;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.query.SnapshotQueries;
import io.snapledger.query.TreeAsOf;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code --as-of TIME} of the read-only snapshot commands: answer as the domain stood at TIME,
 * from its history (see {@link TreeAsOf}), instead of from today's projection.
 */
final class AsOfOption {
    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Answer as the snapshots stood at TIME, from the history: 2026-11-22T10:00:00Z, "
                    + "2026-11-22T11:00+01:00, '2026-11-22 11:00' (local) or a date (its end).")
    private String asOf;

    /** The queries to ask: today's, or with {@code --as-of} the past's; close the result when done. */
    AnsweredFrom open(LedgerReads ledger, String domain) {
        if (asOf == null) {
            return new AnsweredFrom(ledger.queries(), null);
        }
        // a date alone means the end of that day: the tree as it stood once the day's work was done
        Instant instant = TimeArgument.parse(asOf, "--as-of", true);
        TreeAsOf past = ledger.projection().asOf(domain, instant);
        if (!past.domainDefined()) {
            past.close();
            throw notDefinedThen(ledger.queries(), domain, instant);
        }
        return new AnsweredFrom(past.queries(), past);
    }

    private static DomainRuleException notDefinedThen(SnapshotQueries today, String domain, Instant instant) {
        Optional<Instant> start = today.historyStart(domain);
        if (start.isEmpty()) {
            return Snapshots.noSuchDomain(domain);
        }
        if (instant.isBefore(start.get())) {
            return new DomainRuleException("NOT_YET_DEFINED", "domain " + domain + " did not exist at " + instant
                    + ": its history starts at " + start.get() + "; give a later --as-of");
        }
        return new DomainRuleException("NOT_DEFINED_THEN", "domain " + domain + " was not defined at " + instant
                + "; see when it was with 'snapledger history " + domain + "'");
    }

    /** Where a command's answers come from: today's projection, or a past tree that must be closed. */
    static final class AnsweredFrom implements AutoCloseable {
        private final SnapshotQueries queries;
        private final TreeAsOf past;

        private AnsweredFrom(SnapshotQueries queries, TreeAsOf past) {
            this.queries = queries;
            this.past = past;
        }

        SnapshotQueries queries() {
            return queries;
        }

        @Override
        public void close() {
            if (past != null) {
                past.close();
            }
        }
    }
}
