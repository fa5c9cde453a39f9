package io.onex.handler.violations.type;

/** A real handler that inherits its type instead of stating it. */
public final class InheritingHandler extends TypedBaseHandler {
}
