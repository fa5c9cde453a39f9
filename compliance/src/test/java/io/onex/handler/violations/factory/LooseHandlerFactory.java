package io.onex.handler.violations.factory;

import io.onex.handler.compliant.WellBehavedHandler;
import io.onex.host.api.Handler;

/** Named like a factory handle, but it is no HandlerFactory and can be subclassed. */
public class LooseHandlerFactory {

    /** Builds a handler, bypassing the SPI. */
    public Handler create() {
        return new WellBehavedHandler.Builder().build();
    }
}
