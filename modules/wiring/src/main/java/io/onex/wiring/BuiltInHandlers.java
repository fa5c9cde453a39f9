package io.onex.wiring;

import io.onex.handler.consul.ConsulHandlerFactory;
import io.onex.handler.db.DbHandlerFactory;
import io.onex.handler.http.HttpHandlerFactory;
import io.onex.handler.local.LocalHandlerFactory;
import io.onex.handler.vault.VaultHandlerFactory;
import io.onex.host.api.HandlerFactory;
import java.util.List;

/** The handlers every host has: the factories of the built-in handler modules. */
final class BuiltInHandlers {

    private static final List<HandlerFactory> FACTORIES = List.of(new LocalHandlerFactory(),
            new HttpHandlerFactory(), new DbHandlerFactory(), new VaultHandlerFactory(), new ConsulHandlerFactory());

    private BuiltInHandlers() {
    }

    /** Returns the built-in factories, in the order local, http, db, vault, consul. */
    static List<HandlerFactory> factories() {
        return FACTORIES;
    }
}
