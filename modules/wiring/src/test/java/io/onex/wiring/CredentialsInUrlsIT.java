package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A URL in a binding's settings must not carry a credential, by any of the ways a URL can: a
 * password in its user info, or a query parameter named like a secret. {@code onex-host validate}
 * and {@code describe} refuse each with exit code 1, naming the file, the line and the key, and
 * neither repeats the secret; without this, {@code describe} printed the URL as written.
 */
class CredentialsInUrlsIT {

    @TempDir
    Path dir;

    @Test
    void validateAndDescribeRefuseEveryUrlThatCarriesACredentialWithoutRepeatingIt() throws Exception {
        Map<String, String> bindings = new LinkedHashMap<>();
        bindings.put("db_query_password", """
                    - type: db
                      config:
                        url: "r2dbc:postgresql://db.internal:5432/orders?password=Hunter2Db"
                        username: onex
                        password: { secret_ref: "env:DB_PASSWORD" }
                """);
        bindings.put("db_query_ssl_password", """
                    - type: db
                      config:
                        url: "r2dbc:postgresql://db.internal:5432/orders?sslmode=require&sslPassword=Hunter2Ssl"
                        username: onex
                        password: { secret_ref: "env:DB_PASSWORD" }
                """);
        bindings.put("http_user_info", """
                    - type: http
                      config:
                        base_url: "https://svc:Hunter2Http@api.example.com/v1"
                """);
        bindings.put("http_query_key", """
                    - type: http
                      config:
                        base_url: "https://api.example.com/v1?page=1&api_key=Hunter2Key"
                """);
        bindings.put("http_query_token", """
                    - type: http
                      config:
                        base_url: "https://api.example.com/v1?access%5Ftoken=Hunter2Escaped"
                """);
        bindings.put("vault_query_token", """
                    - type: vault
                      config:
                        address: "https://vault.example.com:8200/?token=Hunter2Vault"
                        token: { secret_ref: "env:VAULT_TOKEN" }
                """);
        bindings.put("consul_user_info", """
                    - type: consul
                      config:
                        address: "http://agent:Hunter2Consul@127.0.0.1:8500"
                """);

        for (Map.Entry<String, String> binding : bindings.entrySet()) {
            Path contract = contract(binding.getKey(), binding.getValue());
            HostFixture.assertRefusedWithoutRepeating(contract, "Hunter2", contract + ":9:", "must not carry a ");
        }
    }

    @Test
    void aUserNameAndOrdinaryQueryParametersAreFine() throws Exception {
        Path contract = contract("fine", """
                    - type: http
                      config:
                        base_url: "https://svc@api.example.com/v1?page=1&sort_key_order=asc&monkey=1"
                """);

        Launcher.Result result = Launcher.run("validate", contract.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    private Path contract(String name, String binding) {
        return Launcher.write(dir, name + "/runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: %s
                  version: "1.0.0"
                  environment: dev
                  handlers:
                %s""".formatted(name, binding));
    }
}
