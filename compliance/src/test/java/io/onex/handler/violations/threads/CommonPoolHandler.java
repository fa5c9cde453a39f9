package io.onex.handler.violations.threads;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs work on the common fork-join pool and arms a JDK timer. */
public final class CommonPoolHandler extends StubHandler {

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        return CompletableFuture.supplyAsync(invocation::payload)
                .orTimeout(1, TimeUnit.SECONDS)
                .join();
    }
}
