/** The in-memory event bus. */
package io.onex.host.core.bus;
