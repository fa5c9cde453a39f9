package io.onex.host.api;

/** The lifecycle states of a handler, driven by the host. */
public enum HandlerState {
    /** Built, not yet initialised. */
    CREATED,
    /** Initialised, not yet serving. */
    INITIALIZED,
    /** Ready, with no call in progress. */
    HEALTHY,
    /** At least one call in progress. */
    EXECUTING,
    /** Shut down; no further calls. */
    SHUTDOWN
}
