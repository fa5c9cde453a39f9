/**
 * An ONEX Runtime Host with the Redis handler: the built-in handlers plus {@code redis}, with the
 * same command line as {@code onex-host}.
 */
module com.example.onex.app {
    requires io.onex.wiring;          // OnexHost, the composition root
    requires com.example.onex.redis;  // the Redis handler's factory
}
