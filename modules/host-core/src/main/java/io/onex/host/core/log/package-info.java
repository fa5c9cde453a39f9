/** Structured JSON-lines logging. */
package io.onex.host.core.log;
