package io.snapledger.command.runtime;

import org.axonframework.eventhandling.tokenstore.jdbc.GenericTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.EventTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;

/** The SQL that differs between the databases the event store runs on. */
enum StoreDialect {
    H2 {
        @Override
        EventTableFactory eventTables() {
            return H2EventTableFactory.INSTANCE;
        }

        @Override
        TokenTableFactory tokenTables() {
            return GenericTokenTableFactory.INSTANCE;
        }

        @Override
        SagaSqlSchema sagaSchema() {
            return new H2SagaSqlSchema();
        }

        /**
         * H2 copies every BLOB a query returns into temporary LOB storage (written to the store
         * file, then cleaned up), which costs more than the rest of reading the event; a binary
         * value is handed over as it is.
         */
        @Override
        String readablePayload(String payloadColumn) {
            return "CAST(" + payloadColumn + " AS VARBINARY)";
        }
    },
    POSTGRESQL {
        @Override
        EventTableFactory eventTables() {
            return PostgresEventTableFactory.INSTANCE;
        }

        @Override
        TokenTableFactory tokenTables() {
            return PostgresTokenTableFactory.INSTANCE;
        }

        @Override
        SagaSqlSchema sagaSchema() {
            return new PostgresSagaSqlSchema();
        }
    };

    abstract EventTableFactory eventTables();

    abstract TokenTableFactory tokenTables();

    abstract SagaSqlSchema sagaSchema();

    /** How a query selects the payload column for a bulk read: as it is, unless the database makes that slow. */
    String readablePayload(String payloadColumn) {
        return payloadColumn;
    }

    static StoreDialect forJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported event store database " + jdbcUrl
                + "; use a jdbc:postgresql: URL, or leave the URL out for the embedded H2 store");
    }
}
