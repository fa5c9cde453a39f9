/** The host process: routing, execution, draining, the stdio bridge. */
package io.onex.host.core.runtime;
