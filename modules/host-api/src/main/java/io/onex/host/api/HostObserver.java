package io.onex.host.api;

/**
 * Watches what a runtime host does with its envelopes, for metrics: hands the host one
 * {@link EnvelopeMeter} per node and binding while the host is built, so that recording an
 * envelope costs no lookup.
 *
 * <p>The host calls {@link #meter} only while it is built, never per envelope. The health
 * server's metrics implement it (into Micrometer), and so may an application that embeds a host
 * ({@code io.onex.wiring.StartOptions#observer}), e.g. to time handler calls. {@link #NONE} hands
 * out {@link EnvelopeMeter#NONE}, so a host without an observer records nothing per envelope.
 */
public interface HostObserver {

    /** The binding label of envelopes that failed before a binding was chosen. */
    String NO_BINDING = "none";

    /** The node label of envelopes that named no hosted node or could not be read at all. */
    String NO_NODE = "none";

    /** An observer that records nothing. */
    HostObserver NONE = (node, binding, type) -> EnvelopeMeter.NONE;

    /**
     * Returns the meter of envelopes for {@code node} through {@code binding}.
     *
     * @param node    a hosted node's slug, or {@link #NO_NODE}
     * @param binding a binding name, or {@link #NO_BINDING} for failures before one was chosen
     * @param type    the binding's handler type; for {@link #NO_BINDING}, {@code null}
     */
    EnvelopeMeter meter(String node, String binding, HandlerType type);
}
