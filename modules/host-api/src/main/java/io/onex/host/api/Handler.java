package io.onex.host.api;

import java.util.Map;
import java.util.Optional;

/**
 * A transport adapter: one instance per handler binding, shared by every node, owned by the host.
 *
 * <p>The host drives the lifecycle CREATED -&gt; INITIALIZED -&gt; HEALTHY &lt;-&gt; EXECUTING
 * -&gt; SHUTDOWN: it calls {@link #initialize()} once, {@link #execute} any number of times from
 * many threads at once, and {@link #shutdown()} exactly once, after which it never calls
 * {@code execute} again. Handlers create no threads or executors, never sleep and never read the
 * environment: the host owns concurrency (every call arrives on a host-owned virtual thread, so a
 * blocking call is fine, unless the handler says it never blocks: see {@link #blocking()}) and
 * configuration (given to the handler when it is built).
 *
 * <p>Every failure leaves {@code execute} as an {@link OnexException}; library exceptions are
 * mapped at this boundary and never escape raw.
 *
 * <p>A handler is built by its type's {@link HandlerFactory}, which also describes the type (its
 * name, operations and config schema): the handler itself only does the work.
 */
public interface Handler {

    /**
     * Prepares the handler for work: opens pools, checks configuration. Called once, before any
     * {@code execute}.
     *
     * @throws OnexException when the handler cannot be made ready
     */
    default void initialize() {
    }

    /**
     * Performs one operation and returns the response payload.
     *
     * @param invocation the request envelope and what the host decided about it
     * @return the response payload, a JSON-shaped map (see {@link Envelope})
     * @throws OnexException on any failure, with the code that describes it
     */
    Map<String, Object> execute(Invocation invocation);

    /**
     * Returns whether {@link #execute} may block: wait for I/O, a lock held for long, a sleep or
     * another thread. The default is {@code true}, and every handler that talks to anything
     * outside the process must keep it.
     *
     * <p>A handler that returns {@code false} promises that {@code execute} only computes and
     * returns promptly (the built-in {@code local} handler). The host may then call it on the
     * thread that delivered the envelope instead of starting a virtual thread for it, which saves
     * most of the host's own cost per envelope; it does so only where nothing else of the call can
     * wait either (see docs/PLUGINS.md). A handler that returns {@code false} and blocks anyway
     * holds back every envelope of its topic while it waits.
     */
    default boolean blocking() {
        return true;
    }

    /** Returns the handler's own view of its health; cheap enough to call on every probe. */
    HandlerHealth health();

    /**
     * Checks actively, with one small round trip, whether what the handler serves can be reached
     * now (a database answers {@code SELECT 1}, a server its status endpoint), so that health
     * notices an outage even while no call arrives.
     *
     * <p>The host calls this on a thread of its own, at most one check at a time per binding and
     * at most one per health check interval, and stops waiting (interrupting the thread) after
     * that interval; the latest result is what readiness uses. The check must bound its own wait
     * too, never throw for an unreachable dependency (it answers unhealthy, with non-secret
     * details) and change nothing. Returns empty when there is nothing to check actively: then
     * {@link #health()} alone decides.
     */
    default Optional<HandlerHealth> check() {
        return Optional.empty();
    }

    /** Releases everything the handler holds. Called exactly once. */
    default void shutdown() {
    }
}
