package io.onex.handler.violations.environment;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.util.Map;

/** Reads its settings from system properties, in every way the JDK offers. */
public final class PropertyReadingHandler extends StubHandler {

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        return Map.of(
                "url", System.getProperty("handler.url", ""),
                "pool", Integer.getInteger("handler.pool", 4),
                "timeout", Long.getLong("handler.timeout", 1000L),
                "debug", Boolean.getBoolean("handler.debug"),
                "count", System.getProperties().size());
    }
}
