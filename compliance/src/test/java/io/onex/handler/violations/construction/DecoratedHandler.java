package io.onex.handler.violations.construction;

/** A subclass: its {@code super()} call builds itself, not another handler, and is allowed. */
public final class DecoratedHandler extends ConstructibleHandler {

    /** Creates the handler. */
    public DecoratedHandler() {
        super();
    }
}
