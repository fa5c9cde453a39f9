/**
 * The ONEX host API: what node authors and handler authors see.
 *
 * <p>It holds the {@link io.onex.host.api.Envelope}, the handler SPI
 * ({@link io.onex.host.api.HandlerFactory} and the {@link io.onex.host.api.Handler} it builds), the
 * {@link io.onex.host.api.EventBus} extension point, the error model, and the contract model.
 * It depends on nothing but {@code java.base}, so every other module can depend on it.
 */
module io.onex.host.api {
    exports io.onex.host.api;
    exports io.onex.host.api.contract;
}
