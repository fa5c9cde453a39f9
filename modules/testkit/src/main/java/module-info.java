/**
 * Test fixtures that start real services as local processes and hand tests their addresses: a
 * private PostgreSQL cluster per test run. Used in test scope only.
 */
module io.onex.testkit {
    exports io.onex.testkit;
}
