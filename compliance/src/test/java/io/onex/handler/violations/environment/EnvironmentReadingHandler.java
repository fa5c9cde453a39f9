package io.onex.handler.violations.environment;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.util.Map;

/** Reads its endpoint from an environment variable. */
public final class EnvironmentReadingHandler extends StubHandler {

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        String endpoint = System.getenv("ENDPOINT");
        return Map.of("endpoint", endpoint == null ? "" : endpoint);
    }
}
