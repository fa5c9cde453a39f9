package io.onex.host.api.violations;

import java.net.http.HttpHeaders;

/**
 * An API record that carries java.net.http types.
 *
 * @param headers the HTTP headers
 */
public record HttpAwareEnvelope(HttpHeaders headers) {
}
