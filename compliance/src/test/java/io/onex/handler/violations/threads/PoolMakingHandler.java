package io.onex.handler.violations.threads;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/** Builds executors of its own. */
public final class PoolMakingHandler extends StubHandler {

    private final ExecutorService fixed = Executors.newFixedThreadPool(2);
    private final ForkJoinPool forkJoin = new ForkJoinPool(2);

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        fixed.submit(() -> { });
        forkJoin.submit(() -> { });
        return Map.of();
    }
}
