package com.example.onex.app;

import com.example.onex.redis.RedisHandlers;
import io.onex.wiring.OnexHost;

/**
 * Starts the host with the Redis handler registered: {@code run.sh dev runtime.yaml --stdio} and
 * every other {@code onex-host} command work as they do there, with {@code redis} bindings allowed.
 */
public final class Main {

    private Main() {
    }

    /** Runs the {@code onex-host} command line given by {@code args} and exits with its code. */
    public static void main(String[] args) {
        System.exit(OnexHost.builder().handler(RedisHandlers.factory()).build().cli(args));
    }
}
