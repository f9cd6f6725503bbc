package io.snapledger.core;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.query.DomainView;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotQueries;

/** Finding a domain or a snapshot the way an operator names it, with the error that says what to do. */
public final class Lookup {
    private Lookup() {
    }

    public static DomainView domain(SnapshotQueries queries, String domain) {
        return queries.domain(domain).orElseThrow(() -> noSuchDomain(domain));
    }

    public static DomainRuleException noSuchDomain(String domain) {
        return new DomainRuleException("NO_SUCH_DOMAIN", "domain " + domain
                + " is not defined; define it with 'snapledger define " + domain + " --disk NAME=PATH'");
    }

    /** A snapshot by name, UUID or number; the domain is checked first so the message says which is missing. */
    public static SnapshotNode snapshot(SnapshotQueries queries, String domain, String reference) {
        domain(queries, domain);
        return queries.resolve(domain, reference).orElseThrow(() -> new DomainRuleException("NO_SUCH_SNAPSHOT",
                "domain " + domain + " has no snapshot '" + reference + "' (by name, UUID or number); list them with "
                        + "'snapledger snapshot-list " + domain + "'"));
    }
}
