package io.onex.handler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The mapping of failures that cannot be provoked for real on this machine: name resolution
 * (no DNS to rely on in a test), TLS (no certificate authority in the testkit yet), and a
 * failure no mapping foresees. The others are provoked for real in HttpHandlerErrorsTest.
 */
class HttpFailuresTest {

    private static final HttpSettings SETTINGS = HttpSettings.from(HttpCalls.binding(Duration.ofSeconds(2), Map.of()),
            HttpCalls.SECRETS);
    private static final OutboundRequest REQUEST = new OutboundRequest("http.get", "GET",
            URI.create("https://api.example.com/users?token=hunter2"), List.of(), new byte[0]);

    private static OnexException map(Throwable error) {
        return HttpFailures.of(error, REQUEST, SETTINGS);
    }

    @Test
    void anUnresolvableHostIsAConnectionError() {
        assertThat(map(new UnresolvedAddressException()).code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(map(new IOException("wrapped", new UnknownHostException("api.example.com"))).getMessage())
                .contains("host name cannot be resolved");
    }

    @Test
    void aFailedTlsHandshakeIsAConnectionErrorThatRetryingWillNotFix() {
        OnexException e = map(new SSLHandshakeException("PKIX path building failed"));

        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("TLS handshake").doesNotContain("PKIX");
    }

    @Test
    void anUnforeseenFailureIsAHandlerExecutionErrorNamingOnlyItsClass() {
        OnexException e = map(new IllegalStateException("internal detail hunter2"));

        assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(e.getMessage()).contains("IllegalStateException").doesNotContain("hunter2", "internal detail");
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void messagesNameTheUrlWithoutItsQuery() {
        assertThat(map(new IOException("reset")).getMessage())
                .contains("http.get https://api.example.com/users?(query omitted)").doesNotContain("hunter2");
    }
}
