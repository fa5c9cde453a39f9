package io.onex.wiring;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.core.contract.ValueResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves the secret references of a contract for the handlers that need them, once, at
 * start-up: {@code env:NAME} from the environment and {@code file:/path} from a file (for
 * example a Kubernetes secret volume; one trailing newline is dropped). Vault references need the
 * secrets module, which this build does not have yet: they fail start-up with
 * SECRET_RESOLUTION_ERROR.
 *
 * <p>Errors name the reference, never a value.
 */
final class SecretLookup implements Secrets {

    private final ValueResolver environment;

    SecretLookup(ValueResolver environment) {
        this.environment = environment;
    }

    @Override
    public String apply(SecretRef ref) {
        String reference = ref.reference();
        return switch (ref.source()) {
            case ENV -> environment.lookup(reference.substring("env:".length())).orElseThrow(() ->
                    new SecretResolutionException("secret " + ref + " cannot be resolved: the environment variable "
                            + reference.substring("env:".length()) + " is not set"));
            case FILE -> readFile(ref, Path.of(reference.substring("file:".length())));
            case VAULT -> throw new SecretResolutionException("secret " + ref
                    + " is a Vault reference, and this build has no Vault secret source yet;"
                    + " use an env: or file: reference for now");
        };
    }

    private static String readFile(SecretRef ref, Path file) {
        try {
            String value = Files.readString(file);
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            throw new SecretResolutionException("secret " + ref + " cannot be resolved: the file cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
