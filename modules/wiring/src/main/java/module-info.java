/** The composition root: turns a contract into live handlers and buses; the onex-host CLI. */
module io.onex.wiring {
    requires io.onex.host.core;
    requires io.onex.handler.local;
    requires io.onex.health;
    requires io.onex.handler.db;
    requires io.onex.handler.http;
    requires io.onex.handler.vault;
    requires io.onex.handler.consul;
    requires io.onex.secrets;
    requires io.onex.bus.kafka;
    requires info.picocli; // the command line, built through its programmatic API: nothing opened
    requires jdk.unsupported; // sun.misc.Signal: exit 0 after draining on SIGTERM/SIGINT
}
