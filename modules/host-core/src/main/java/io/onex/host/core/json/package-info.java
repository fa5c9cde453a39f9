/** JSON-shaped values to and from JSON text. */
package io.onex.host.core.json;
