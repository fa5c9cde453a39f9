package io.onex.handler.vault;

import io.onex.client.http.ClientLifecycle;
import io.onex.client.vault.VaultConnection;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.Secrets;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.HandlerBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Vault handler: {@code vault.get_secret}, {@code vault.set_secret},
 * {@code vault.delete_secret} and {@code vault.list_secrets} on a key/value secrets engine,
 * version 2, through the host's one Vault client ({@link VaultConnection}, shared with the secret
 * resolver), one connection per binding.
 *
 * <p>Payload paths are relative to the binding's mount; the node's {@code targets}, when it has
 * any, bound which paths it may use (see {@link PathTargets}). A request Vault refuses for its
 * token makes the handler read the token again from the host's secrets once and, if it changed,
 * send the request once more. Every failure is mapped to a host error that names the operation
 * and {@code <mount>/<path>}, never the token or a secret value. docs/handlers/vault.md
 * describes every setting and error.
 */
public final class VaultHandler implements Handler {

    static final String VERSION = "1.0.0";

    private final VaultBindingSettings settings;
    private final Secrets secrets;
    // Each node's targets are parsed once: a node contract's list is fixed for the host's life.
    private final Map<List<String>, PathTargets> targets = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile int lastStatus = -1;
    private final VaultReachability reachability;
    private final VaultConnection vault;
    private final KvCalls calls;

    private VaultHandler(VaultBindingSettings settings, Secrets secrets) {
        this.settings = settings;
        this.reachability = new VaultReachability(settings.address(), settings.timeout());
        this.secrets = secrets;
        this.vault = VaultConnection.to(settings.endpoint());
        this.calls = new KvCalls(settings, vault);
    }

    /**
     * Builds the handler of a Vault binding.
     *
     * @param binding the binding: its {@code timeout_ms} and config (see docs/handlers/vault.md)
     * @param secrets resolves the binding's {@code token} reference, and reads it again after a denial
     * @throws io.onex.host.api.ProtocolConfigurationException if the config is invalid
     */
    public static VaultHandler create(HandlerBinding binding, Secrets secrets) {
        return new VaultHandler(VaultBindingSettings.from(binding), Objects.requireNonNull(secrets, "secrets"));
    }

    /**
     * Resolves the token and opens the binding's {@link VaultConnection}. No request goes to Vault
     * yet. The JDK client runs its own selector thread, not the handler.
     *
     * @throws io.onex.host.api.SecretResolutionException if the token cannot be resolved
     */
    @Override
    public void initialize() {
        vault.start(secrets.apply(settings.tokenRef()));
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        sent.increment();
        try {
            String operation = invocation.operation();
            if (VaultHandlerFactory.OPERATIONS.stream().noneMatch(o -> o.name().equals(operation))) {
                throw new InvalidOperationException("the vault handler does not support '" + operation + "'; it supports"
                        + " vault.get_secret, vault.set_secret, vault.delete_secret, vault.list_secrets");
            }
            ClientLifecycle.State state = vault.state();
            if (state != ClientLifecycle.State.RUNNING) {
                throw new ServiceUnavailableException(operation + ": vault binding '" + settings.binding() + "' is "
                        + state.describe());
            }
            KvRequest request = KvRequest.read(operation, invocation.payload());
            targets.computeIfAbsent(invocation.targets(), PathTargets::of)
                    .check(request.path(), operation, invocation.node(), settings.mount());
            KvCalls.Reply reply = calls.send(request, operation);
            if (reply.denied() && calls.renew(secrets.refresh(settings.tokenRef()))) {
                reply = calls.send(request, operation);
            }
            lastStatus = reply.status();
            reachability.answered();
            String target = settings.mount() + (request.path().isEmpty() ? "" : "/" + request.path());
            if (reply.denied()) {
                throw VaultFailures.denied(operation, target, reply.status());
            }
            return KvAnswers.toPayload(request, reply, operation, settings.mount());
        } catch (OnexException e) {
            failures.increment();
            if (e instanceof ServiceUnavailableException && vault.state() == ClientLifecycle.State.RUNNING) {
                reachability.unreachable(); // sealed, 503 or unreachable
            } else if (e.details().containsKey("vault_status")) {
                reachability.answered();
            }
            throw e;
        }
    }

    /** Checks Vault's {@code sys/health} (see {@link VaultReachability#check}); called by the host, off any call. */
    @Override
    public java.util.Optional<HandlerHealth> check() {
        return java.util.Optional.of(reachability.check(vault.http().orElse(null)));
    }

    /**
     * Reports the binding's state and counters from memory. After a call found Vault sealed,
     * unavailable or unreachable, the binding is unhealthy (so a required binding turns readiness
     * 503) and each health check starts one background {@code sys/health} check until Vault answers
     * again; otherwise it sends nothing to Vault.
     */
    @Override
    public HandlerHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("binding", settings.binding());
        details.put("address", settings.address());
        details.put("mount", settings.mount());
        settings.namespace().ifPresent(namespace -> details.put("namespace", namespace));
        details.put("open_timeout_ms", settings.openTimeout().toMillis());
        details.put("read_timeout_ms", settings.timeout().toMillis());
        details.put("calls", sent.sum());
        details.put("failures", failures.sum());
        int status = lastStatus;
        if (status >= 0) {
            details.put("last_vault_status", status);
        }
        if (vault.state() != ClientLifecycle.State.RUNNING) {
            details.put("state", vault.state().describe());
            return HandlerHealth.unhealthy(details);
        }
        details.put("state", "ready");
        VaultReachability.State known = reachability.state();
        details.put("vault_reachable", switch (known) {
            case UNKNOWN -> "unknown";
            case REACHABLE -> true;
            case UNREACHABLE -> false;
        });
        if (known == VaultReachability.State.UNREACHABLE) {
            reachability.probe(vault.http().orElse(null));
            return HandlerHealth.unhealthy(details);
        }
        return HandlerHealth.healthy(details);
    }

    /**
     * Closes the client. The host calls this after its drain, so no call is in flight unless the
     * drain gave up; those are aborted.
     */
    @Override
    public void shutdown() {
        vault.close();
    }

    @Override
    public String toString() {
        return "VaultHandler[" + settings.binding() + "]";
    }
}
