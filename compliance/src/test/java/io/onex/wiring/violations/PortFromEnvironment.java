package io.onex.wiring.violations;

/** Reads a setting straight from the process environment and a system property, bypassing the resolver. */
public final class PortFromEnvironment {

    private PortFromEnvironment() {
    }

    public static int port() {
        String port = System.getenv("ONEX_PORT");
        return port != null ? Integer.parseInt(port) : Integer.getInteger("onex.port", 8080);
    }
}
