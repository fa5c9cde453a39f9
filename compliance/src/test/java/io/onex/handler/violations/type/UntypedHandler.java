package io.onex.handler.violations.type;

/** Named like a handler but not one, and without any type. */
public final class UntypedHandler {

    /** Does something handler-like. */
    public String handle(String request) {
        return request;
    }
}
