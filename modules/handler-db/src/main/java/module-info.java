/**
 * The PostgreSQL handler (db.query, db.execute, db.transaction) on r2dbc-postgresql and
 * r2dbc-pool. The r2dbc, Reactor and Netty jars are automatic modules (no descriptor, only an
 * Automatic-Module-Name).
 */
module io.onex.handler.db {
    requires io.onex.host.core;    // the Handler API and the JSON reader/writer
    requires r2dbc.spi;            // Connection, Statement, Result, the exception hierarchy
    requires r2dbc.postgresql;     // the driver: configuration, codecs, error details
    requires r2dbc.pool;           // the connection pool and its metrics
    requires reactor.core;         // Mono/Flux, on which the driver and the pool answer
    requires org.reactivestreams;  // Publisher, in the signatures of r2dbc and Reactor
    // SCRAM password login. It is an explicit module that only the (automatic) driver uses, and
    // the module system resolves an explicit module only when a named module requires it: without
    // this line the driver fails at the first login when the host runs on the module path.
    requires com.ongres.scram.client;

    // Only the wiring module may build handlers.
    exports io.onex.handler.db to io.onex.wiring;
}
