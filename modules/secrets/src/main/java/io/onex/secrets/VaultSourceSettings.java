package io.onex.secrets;

import io.onex.client.vault.VaultEndpoint;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the Vault source of a {@link SecretResolver} reads: the server's address, the token (as a
 * reference, never as a value), the KV version 2 mount, an optional namespace and the timeout of
 * each request.
 *
 * <p>The token is itself a reference and must be {@code env:NAME} or {@code file:/path}: a Vault
 * reference cannot name the token that Vault needs to be read. It is read when Vault is first
 * asked, and read again (bypassing every cache) when Vault refuses it, so a rotated token file or
 * variable is picked up without a restart.
 *
 * <p>The timeout bounds opening the connection and, separately, waiting for the answer. The Vault
 * client counts both in whole seconds, so a timeout that is not a whole number of seconds is
 * rounded up to the next one for the answer.
 *
 * @param address   the server's address, {@code http} or {@code https}, without user information
 * @param token     where the token lives: an {@code env:} or {@code file:} reference
 * @param mount     the path of the KV version 2 mount, e.g. {@code secret} or {@code team/kv}
 * @param namespace the Vault Enterprise namespace, if any
 * @param timeout   the longest a connection may take to open, and an answer to arrive
 */
public record VaultSourceSettings(URI address, SecretRef token, String mount, Optional<String> namespace, Duration timeout) {

    /** The mount used unless another is given. */
    public static final String DEFAULT_MOUNT = "secret";

    /** The timeout used unless another is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    public VaultSourceSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(mount, "mount");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || address.getHost() == null) {
            throw new IllegalArgumentException("the Vault address must be an http or https URL with a host, e.g."
                    + " https://vault.example:8200; got " + address.getScheme() + "://" + address.getHost());
        }
        if (address.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the Vault address must not carry user information;"
                    + " give the token as an env: or file: reference instead");
        }
        if (address.getRawQuery() != null || address.getRawFragment() != null) {
            throw new IllegalArgumentException("the Vault address must not have a query or a fragment");
        }
        if (token.source() == SecretRef.Source.VAULT) {
            throw new IllegalArgumentException("the Vault token " + token + " must be an env:NAME or file:/path"
                    + " reference: a Vault reference cannot name the token Vault needs to be read");
        }
        if (!validMount(mount)) {
            throw new IllegalArgumentException("the Vault mount '" + mount + "' must be one or more path segments"
                    + " of letters, digits, '.', '_' or '-', separated by '/', e.g. secret or team/kv");
        }
        if (namespace.isPresent() && namespace.get().isBlank()) {
            throw new IllegalArgumentException("a Vault namespace must not be blank; leave it empty for none");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the Vault timeout must be positive and at most " + MAX_TIMEOUT
                    + "; got " + timeout);
        }
    }

    /** Returns settings for {@code address} and {@code token} with the default mount, no namespace and the default timeout. */
    public static VaultSourceSettings of(URI address, SecretRef token) {
        return new VaultSourceSettings(address, token, DEFAULT_MOUNT, Optional.empty(), DEFAULT_TIMEOUT);
    }

    /** Returns these settings reading from the KV version 2 mount {@code mount}. */
    public VaultSourceSettings withMount(String mount) {
        return new VaultSourceSettings(address, token, mount, namespace, timeout);
    }

    /** Returns these settings in the Vault Enterprise namespace {@code namespace}. */
    public VaultSourceSettings withNamespace(String namespace) {
        return new VaultSourceSettings(address, token, mount, Optional.of(namespace), timeout);
    }

    /** Returns these settings with {@code timeout} for opening a connection and for each answer. */
    public VaultSourceSettings withTimeout(Duration timeout) {
        return new VaultSourceSettings(address, token, mount, namespace, timeout);
    }

    /** Returns where and how the resolver's Vault connection reaches Vault: both timeouts are {@link #timeout()}. */
    VaultEndpoint endpoint() {
        return new VaultEndpoint("the Vault secret source", address.toString(), mount.split("/").length, namespace,
                timeout, timeout);
    }

    private static boolean validMount(String mount) {
        if (mount.isEmpty()) {
            return false;
        }
        for (String segment : mount.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Describes the settings; the token appears only as its reference, which names no value. */
    @Override
    public String toString() {
        return "VaultSourceSettings[address=" + address + ", token=" + token + ", mount=" + mount
                + namespace.map(n -> ", namespace=" + n).orElse("") + ", timeout=" + timeout + "]";
    }
}
