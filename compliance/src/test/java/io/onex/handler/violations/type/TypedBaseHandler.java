package io.onex.handler.violations.type;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import java.util.Map;

/** An abstract base that fixes a type for its subclasses; abstract, so not checked itself. */
public abstract class TypedBaseHandler extends StubHandler {

    @Override
    public HandlerType handlerType() {
        return HandlerType.HTTP;
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        return Map.of();
    }
}
