/**
 * An ONEX Runtime Host with the code of two nodes, {@code pricing} (EFFECT) and {@code discount}
 * (COMPUTE), with the same command line as {@code onex-host}.
 */
module com.example.onex.pricing {
    requires io.onex.wiring;   // OnexHost, the composition root; it brings io.onex.host.api (NodeCode, NodeContext)
}
