package io.onex.secrets;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.contract.SecretRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a reference from its sources, uncached: {@code env:} and {@code file:} references from
 * their one source, bare {@code path#key} references from each configured source in order until
 * one has the value. Failures become {@link SecretResolutionException}s naming the reference and
 * what each source said.
 */
final class SourceChain implements AutoCloseable {

    private final EnvironmentVariables environment;
    private final List<SecretResolver.Source> order;
    private final Path filesDirectory;
    private final Optional<VaultSource> vault;

    SourceChain(EnvironmentVariables environment, List<SecretResolver.Source> order, Path filesDirectory,
            Optional<VaultSourceSettings> vault) {
        this.environment = environment;
        this.order = List.copyOf(order);
        this.filesDirectory = filesDirectory;
        this.vault = vault.map(settings -> new VaultSource(settings, environment));
    }

    /** Returns the value {@code ref} names, or throws naming the reference and never a value. */
    String read(SecretRef ref) {
        String reference = ref.reference();
        Lookup lookup = switch (ref.source()) {
            case ENV -> env(ref, reference.substring("env:".length()));
            case FILE -> file(ref, reference.substring("file:".length()));
            case VAULT -> ordered(BareReference.parse(ref));
        };
        return switch (lookup) {
            case Lookup.Found found -> found.value();
            case Lookup.Absent absent -> throw new SecretResolutionException(
                    "secret " + ref + " cannot be resolved: " + absent.reason());
        };
    }

    private Lookup env(SecretRef ref, String name) {
        if (name.isBlank()) {
            throw new SecretResolutionException("secret " + ref + " names no variable; write env:NAME");
        }
        return LocalSources.variable(environment, name);
    }

    private static Lookup file(SecretRef ref, String path) {
        Path file = Path.of(path);
        if (!file.isAbsolute()) {
            throw new SecretResolutionException("secret " + ref + " names a relative file; write file:/absolute/path"
                    + " (e.g. file:/var/run/secrets/onex/db/password)");
        }
        return LocalSources.file(file);
    }

    private Lookup ordered(BareReference ref) {
        List<String> reasons = new ArrayList<>();
        for (SecretResolver.Source source : order) {
            Lookup lookup = switch (source) {
                case VAULT -> vault.map(v -> v.read(ref))
                        .orElseGet(() -> new Lookup.Absent("vault: no Vault is configured"));
                case ENV -> LocalSources.variable(environment, ref.variableName());
                case FILE -> LocalSources.file(ref.file(filesDirectory));
            };
            switch (lookup) {
                case Lookup.Found found -> {
                    return found;
                }
                case Lookup.Absent absent -> reasons.add(absent.reason());
            }
        }
        return new Lookup.Absent(String.join("; ", reasons));
    }

    /** Releases the Vault client, if there is one. */
    @Override
    public void close() {
        // Not a method reference: linking VaultSource::close would load VaultSource, and with it the
        // Vault client, which a host without the Vault source does not link (module-info).
        if (vault.isPresent()) {
            vault.get().close();
        }
    }
}
