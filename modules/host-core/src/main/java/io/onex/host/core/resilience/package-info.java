/**
 * The resilience guard: timeouts, retries, circuit breakers, rate limits and bulkheads of handler
 * bindings ({@link io.onex.host.core.resilience.BindingGuard}) and the limits of hosted nodes
 * ({@link io.onex.host.core.resilience.NodeGuard}). The runtime host applies them around every
 * handler call; handlers know nothing of them. {@link io.onex.host.core.resilience.Resilience}
 * is what health and metrics read.
 */
package io.onex.host.core.resilience;
