package io.onex.client.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.RestException;
import io.onex.client.http.ClientLifecycle;
import io.onex.testkit.VaultKvServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VaultConnectionTest {

    private final VaultKvServer server = VaultKvServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private VaultConnection connection(String address) {
        return VaultConnection.to(new VaultEndpoint("test binding", address + "/", 1, Optional.empty(),
                Duration.ofSeconds(2), Duration.ofMillis(2500)));
    }

    /** Reads secret/app/db and returns Vault's status, whether the driver answers it or throws it. */
    private static int status(VaultConnection vault) {
        try {
            return vault.send(session -> session.logical().read("secret/app/db")).getRestResponse().getStatus();
        } catch (VaultException e) {
            return e.getHttpStatusCode();
        } catch (RestException e) {
            throw new AssertionError("no answer from the test server", e);
        }
    }

    @Test
    void aStartedConnectionReadsThroughTheDriverWithoutAskingForTheMounts() throws Exception {
        server.put("secret", "app/db", Map.of("password", "s3cr3t"));
        VaultConnection vault = connection(server.address());

        vault.start(server.rootToken());
        LogicalResponse response = vault.send(session -> session.logical().read("secret/app/db"));

        assertThat(response.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(response.getData()).containsEntry("password", "s3cr3t");
        assertThat(server.requests()).extracting(VaultKvServer.Request::path)
                .containsExactly("/v1/secret/data/app/db");
        vault.close();
    }

    @Test
    void aRenewedTokenIsUsedFromTheNextRequestAndTheSameTokenRenewsNothing() throws Exception {
        server.put("secret", "app/db", Map.of("password", "s3cr3t"));
        server.addToken("reader", Set.of("secret/data/app/"));
        VaultConnection vault = connection(server.address());
        vault.start("wrong");
        VaultSession refused = vault.session();

        assertThat(status(vault)).isEqualTo(403);
        assertThat(vault.renew("wrong")).isFalse();
        assertThat(vault.session()).isSameAs(refused);
        assertThat(vault.renew("reader")).isTrue();
        assertThat(vault.send(session -> session.logical().read("secret/app/db")).getData())
                .containsEntry("password", "s3cr3t");
        vault.close();
    }

    @Test
    void theLatestVersionIsSoftDeletedThroughTheRestRequestWithTheSessionsToken() throws Exception {
        server.put("secret", "app/db", Map.of("password", "s3cr3t"));
        VaultConnection vault = connection(server.address());
        vault.start(server.rootToken());

        int status = vault.send(session -> session.request("secret/data/app/db").delete()).getStatus();

        assertThat(status).isEqualTo(204);
        assertThat(server.requests()).last().satisfies(request -> {
            assertThat(request.method()).isEqualTo("DELETE");
            assertThat(request.tokenPresent()).isTrue();
        });
        assertThat(status(vault)).isEqualTo(404);
        vault.close();
    }

    @Test
    void theConnectionGoesThroughItsLifeAndShowsNoToken() {
        VaultConnection vault = connection(server.address());
        assertThat(vault.state()).isEqualTo(ClientLifecycle.State.NOT_STARTED);
        assertThat(vault.http()).isEmpty();
        assertThatThrownBy(vault::session).isInstanceOf(IllegalStateException.class);

        vault.start("t0k3n-value");
        assertThat(vault.state()).isEqualTo(ClientLifecycle.State.RUNNING);
        assertThat(vault.http()).isPresent();
        assertThat(vault.toString()).contains("test binding").doesNotContain("t0k3n-value");
        assertThat(vault.session().toString()).doesNotContain("t0k3n-value");
        assertThatThrownBy(() -> vault.start("again")).isInstanceOf(IllegalStateException.class);

        vault.close();
        vault.close();
        assertThat(vault.state()).isEqualTo(ClientLifecycle.State.SHUT_DOWN);
        assertThat(vault.http()).isEmpty();
    }

    @Test
    void timeoutsAreWholeSecondsRoundedUp() {
        VaultEndpoint endpoint = new VaultEndpoint("x", "http://127.0.0.1:1", 2, Optional.empty(),
                Duration.ofMillis(1), Duration.ofMillis(2001));

        assertThat(endpoint.openTimeoutSeconds()).isEqualTo(1);
        assertThat(endpoint.readTimeoutSeconds()).isEqualTo(3);
    }
}
