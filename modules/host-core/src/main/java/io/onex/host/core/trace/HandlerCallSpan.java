package io.onex.host.core.trace;

import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;

/** The span of one handler call, covering its retries. */
public interface HandlerCallSpan {

    /** Returns the invocation the handler receives, carrying this span as its trace parent. */
    Invocation invocation();

    /** Counts one attempt of the call (the first, and each retry). */
    void attempted();

    /** Ends the span: succeeded when {@code failure} is {@code null}. */
    void end(OnexException failure);
}
