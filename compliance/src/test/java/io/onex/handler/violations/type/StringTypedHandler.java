package io.onex.handler.violations.type;

/** Named like a handler but not one: its type is a string. */
public final class StringTypedHandler {

    /** Returns the type as a string, which SPEC.md forbids. */
    public String handlerType() {
        return "http";
    }
}
