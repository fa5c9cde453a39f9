package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VaultKvServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final VaultKvServer vault = VaultKvServer.start("root-token");
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        client.close();
        vault.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.address() + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> root(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, "root-token", body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) VaultJson.parse(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void listensOnLoopbackAndReportsItsAddressAndToken() {
        assertThat(vault.address()).isEqualTo("http://127.0.0.1:" + vault.port());
        assertThat(vault.rootToken()).isEqualTo("root-token");
        try (VaultKvServer other = VaultKvServer.start()) {
            assertThat(other.rootToken()).isNotBlank();
            assertThat(other.port()).isNotEqualTo(vault.port());
        }
    }

    @Test
    void writesAndReadsVersionsOfASecret() throws Exception {
        HttpResponse<String> first = root("POST", "/v1/secret/data/app/db", "{\"data\":{\"user\":\"a\",\"n\":1}}");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(map(json(first).get("data")).get("version").toString()).isEqualTo("1");
        HttpResponse<String> second = root("PUT", "/v1/secret/data/app/db", "{\"data\":{\"user\":\"b\"}}");
        assertThat(map(json(second).get("data")).get("version").toString()).isEqualTo("2");

        HttpResponse<String> latest = root("GET", "/v1/secret/data/app/db", null);
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.headers().firstValue("content-type")).contains("application/json");
        Map<String, Object> data = map(json(latest).get("data"));
        assertThat(map(data.get("data"))).containsEntry("user", "b").hasSize(1);
        Map<String, Object> metadata = map(data.get("metadata"));
        assertThat(metadata.get("version").toString()).isEqualTo("2");
        assertThat(metadata).containsEntry("deletion_time", "").containsEntry("destroyed", false);
        assertThat(metadata.get("created_time").toString()).endsWith("Z");

        HttpResponse<String> old = root("GET", "/v1/secret/data/app/db?version=1", null);
        Map<String, Object> oldData = map(map(json(old).get("data")).get("data"));
        assertThat(oldData).containsEntry("user", "a");
        assertThat(oldData.get("n").toString()).isEqualTo("1");

        assertThat(root("GET", "/v1/secret/data/app/db?version=3", null).statusCode()).isEqualTo(404);
        HttpResponse<String> missing = root("GET", "/v1/secret/data/app/none", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    void checkAndSetRejectsAStaleVersion() throws Exception {
        assertThat(root("POST", "/v1/secret/data/k", "{\"options\":{\"cas\":0},\"data\":{\"a\":\"1\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(root("POST", "/v1/secret/data/k", "{\"options\":{\"cas\":0},\"data\":{\"a\":\"2\"}}")
                .statusCode()).isEqualTo(400);
        assertThat(root("POST", "/v1/secret/data/k", "{\"options\":{\"cas\":1},\"data\":{\"a\":\"2\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(root("POST", "/v1/secret/data/k", "{\"data\":").statusCode())
                .isEqualTo(400);
    }

    @Test
    void softDeleteHidesTheLatestVersionOnly() throws Exception {
        root("POST", "/v1/secret/data/s", "{\"data\":{\"v\":\"1\"}}");
        root("POST", "/v1/secret/data/s", "{\"data\":{\"v\":\"2\"}}");

        assertThat(root("DELETE", "/v1/secret/data/s", null).statusCode()).isEqualTo(204);

        assertThat(root("GET", "/v1/secret/data/s", null).statusCode()).isEqualTo(404);
        assertThat(root("GET", "/v1/secret/data/s?version=1", null).statusCode()).isEqualTo(200);
        Map<String, Object> versions = map(map(json(root("GET", "/v1/secret/metadata/s", null)).get("data"))
                .get("versions"));
        assertThat(map(versions.get("2")).get("deletion_time").toString()).isNotEmpty();
        assertThat(map(versions.get("1")).get("deletion_time")).isEqualTo("");

        assertThat(root("POST", "/v1/secret/undelete/s", "{\"versions\":[2]}").statusCode()).isEqualTo(204);
        assertThat(root("GET", "/v1/secret/data/s", null).statusCode()).isEqualTo(200);
    }

    @Test
    void listsKeysWithFoldersEndingInASlash() throws Exception {
        root("POST", "/v1/secret/data/app/db", "{\"data\":{\"a\":\"1\"}}");
        root("POST", "/v1/secret/data/app/api/key", "{\"data\":{\"a\":\"1\"}}");
        root("POST", "/v1/secret/data/app/api/other", "{\"data\":{\"a\":\"1\"}}");
        root("POST", "/v1/secret/data/top", "{\"data\":{\"a\":\"1\"}}");

        HttpResponse<String> app = root("LIST", "/v1/secret/metadata/app", null);
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(map(json(app).get("data")).get("keys")).isEqualTo(List.of("api/", "db"));

        HttpResponse<String> rootFolder = root("GET", "/v1/secret/metadata/?list=true", null);
        assertThat(map(json(rootFolder).get("data")).get("keys")).isEqualTo(List.of("app/", "top"));

        assertThat(root("LIST", "/v1/secret/metadata/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void metadataListsVersionsAndDeletingItRemovesThemAll() throws Exception {
        root("POST", "/v1/secret/data/m", "{\"data\":{\"a\":\"1\"}}");
        root("POST", "/v1/secret/data/m", "{\"data\":{\"a\":\"2\"}}");

        HttpResponse<String> metadata = root("GET", "/v1/secret/metadata/m", null);
        assertThat(metadata.statusCode()).isEqualTo(200);
        Map<String, Object> data = map(json(metadata).get("data"));
        assertThat(data.get("current_version").toString()).isEqualTo("2");
        assertThat(map(data.get("versions"))).containsOnlyKeys("1", "2");

        assertThat(root("DELETE", "/v1/secret/metadata/m", null).statusCode()).isEqualTo(204);
        assertThat(root("GET", "/v1/secret/metadata/m", null).statusCode()).isEqualTo(404);
        assertThat(root("GET", "/v1/secret/data/m?version=1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAMissingOrUnknownToken() throws Exception {
        HttpResponse<String> unknown = call("GET", "/v1/secret/data/x", "wrong", null);
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
        assertThat(call("GET", "/v1/secret/data/x", null, null).statusCode()).isEqualTo(403);

        HttpResponse<String> bearer = client.send(HttpRequest.newBuilder(URI.create(vault.address()
                + "/v1/secret/data/x")).header("Authorization", "Bearer root-token").timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(404);
    }

    @Test
    void aScopedTokenReachesOnlyItsPrefixes() throws Exception {
        vault.addToken("app-token", Set.of("secret/data/app/"));
        vault.put("secret", "app/db", Map.of("p", "1"));
        vault.put("secret", "other/db", Map.of("p", "2"));

        assertThat(call("GET", "/v1/secret/data/app/db", "app-token", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/secret/data/other/db", "app-token", null).statusCode()).isEqualTo(403);
        assertThat(call("LIST", "/v1/secret/metadata/app", "app-token", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aSealedServerAnswers503EverywhereAndSaysSoInItsHealth() throws Exception {
        HttpResponse<String> healthy = call("GET", "/v1/sys/health", null, null);
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.body())
                .isEqualTo("{\"initialized\":true,\"sealed\":false,\"standby\":false,\"version\":\"1.15.0\"}");

        vault.seal();
        HttpResponse<String> sealedHealth = call("GET", "/v1/sys/health", null, null);
        assertThat(sealedHealth.statusCode()).isEqualTo(503);
        assertThat(json(sealedHealth)).containsEntry("sealed", true);
        HttpResponse<String> read = root("GET", "/v1/secret/data/x", null);
        assertThat(read.statusCode()).isEqualTo(503);
        assertThat(read.body()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");

        vault.unseal();
        assertThat(call("GET", "/v1/sys/health", null, null).statusCode()).isEqualTo(200);
        assertThat(root("GET", "/v1/secret/data/x", null).statusCode()).isEqualTo(404);
    }

    @Test
    void slowDelaysEveryAnswer() throws Exception {
        vault.slow(Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThat(call("GET", "/v1/sys/health", null, null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        vault.slow(Duration.ZERO);
        assertThat(call("GET", "/v1/sys/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void failNextAnswersThatManyRequestsWithTheStatus() throws Exception {
        vault.put("secret", "f", Map.of("a", "1"));
        vault.failNext(2, 500);

        assertThat(root("GET", "/v1/secret/data/f", null).statusCode()).isEqualTo(500);
        assertThat(root("GET", "/v1/secret/data/f", null).statusCode()).isEqualTo(500);
        assertThat(root("GET", "/v1/secret/data/f", null).statusCode()).isEqualTo(200);
    }

    @Test
    void resetConnectionsFailsRequestsUntilTurnedOff() throws Exception {
        vault.resetConnections(true);
        assertThatThrownBy(() -> call("GET", "/v1/sys/health", null, null)).isInstanceOf(IOException.class);

        vault.resetConnections(false);
        assertThat(call("GET", "/v1/sys/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void logsRequestsWithoutTokenValues() throws Exception {
        root("POST", "/v1/secret/data/l", "{\"data\":{\"a\":\"1\"}}");
        call("GET", "/v1/sys/health", null, null);

        List<VaultKvServer.Request> requests = vault.requests();
        assertThat(requests).extracting(VaultKvServer.Request::method).containsExactly("POST", "GET");
        assertThat(requests).extracting(VaultKvServer.Request::path)
                .containsExactly("/v1/secret/data/l", "/v1/sys/health");
        assertThat(requests).extracting(VaultKvServer.Request::tokenPresent).containsExactly(true, false);
        assertThat(requests.toString()).doesNotContain("root-token");
    }

    @Test
    void anAddedMountIsSeparateFromSecret() throws Exception {
        vault.mount("kv");
        root("POST", "/v1/kv/data/x", "{\"data\":{\"a\":\"1\"}}");
        assertThat(root("GET", "/v1/kv/data/x", null).statusCode()).isEqualTo(200);
        assertThat(root("GET", "/v1/secret/data/x", null).statusCode()).isEqualTo(404);
        assertThat(root("GET", "/v1/nomount/data/x", null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsItsMountsAsKeyValueVersion2AndReportsItsSealStatus() throws Exception {
        vault.mount("kv");
        HttpResponse<String> mounts = root("GET", "/v1/sys/mounts", null);
        assertThat(mounts.statusCode()).isEqualTo(200);
        Map<String, Object> data = map(json(mounts).get("data"));
        assertThat(data).containsKeys("secret/", "kv/", "sys/");
        assertThat(map(map(data.get("secret/")).get("options"))).containsEntry("version", "2");
        assertThat(call("GET", "/v1/sys/mounts", null, null).statusCode()).isEqualTo(403);

        vault.seal();
        HttpResponse<String> status = call("GET", "/v1/sys/seal-status", null, null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status)).containsEntry("sealed", true).containsEntry("initialized", true);
    }

    @Test
    void destroyRemovesAVersionForGood() throws Exception {
        vault.put("secret", "d", Map.of("a", "1"));
        vault.put("secret", "d", Map.of("a", "2"));

        assertThat(root("POST", "/v1/secret/destroy/d", "{\"versions\":[1]}").statusCode()).isEqualTo(204);
        assertThat(root("GET", "/v1/secret/data/d?version=1", null).statusCode()).isEqualTo(404);
        assertThat(root("POST", "/v1/secret/undelete/d", "{\"versions\":[1]}").statusCode()).isEqualTo(204);
        assertThat(root("GET", "/v1/secret/data/d?version=1", null).statusCode()).isEqualTo(404);
        assertThat(root("GET", "/v1/secret/data/d", null).statusCode()).isEqualTo(200);
        Map<String, Object> versions = map(map(json(root("GET", "/v1/secret/metadata/d", null)).get("data"))
                .get("versions"));
        assertThat(map(versions.get("1"))).containsEntry("destroyed", true);
    }

    @Test
    void closeReleasesADelayedRequestAndStopsAnswering() throws Exception {
        vault.slow(Duration.ofMinutes(5));
        var pending = client.sendAsync(HttpRequest.newBuilder(URI.create(vault.address() + "/v1/sys/health"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        long start = System.nanoTime();
        while (vault.requests().isEmpty() && System.nanoTime() - start < TIMEOUT.toNanos()) {
            Thread.sleep(10);
        }
        assertThat(vault.requests()).hasSize(1);

        vault.close();

        assertThatThrownBy(() -> pending.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    }
}
