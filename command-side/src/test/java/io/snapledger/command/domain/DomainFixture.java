package io.snapledger.command.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;

/** An AggregateTestFixture for {@link Domain} with a fixed clock and counting identities. */
abstract class DomainFixture {
    AggregateTestFixture<Domain> fixture;

    @BeforeEach
    void setUpFixture() {
        fixture = new AggregateTestFixture<>(Domain.class);
        fixture.registerCommandTargetResolver(new DomainCommandTargetResolver());
        fixture.registerInjectableResource(Given.CLOCK);
        fixture.registerInjectableResource(Given.counting());
    }
}
