package io.onex.host.core.runtime;

import static io.onex.host.core.runtime.TestContracts.binding;
import static io.onex.host.core.runtime.TestContracts.disabled;
import static io.onex.host.core.runtime.TestContracts.io;
import static io.onex.host.core.runtime.TestContracts.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.HandlerState;
import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.ReadinessMode;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.TestHandlers;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.status.BindingStatus;
import io.onex.host.core.status.HostStatus;
import io.onex.host.core.status.NodeStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read-only status view of a host ({@code io.onex.host.core.status}): which bindings each
 * node uses, which of them are down, and which the host does not enable. It lives beside the
 * runtime tests for their contract fixtures.
 */
class HostStatusTest {

    private RuntimeHostProcess host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.shutdown();
        }
    }

    private HostStatus status() {
        RuntimeContract contract = TestContracts.runtime(List.of(binding(HandlerType.of("local"), "local"),
                        binding(HandlerType.of("local"), "other"), disabled(HandlerType.of("local"), "off")),
                List.of(node("echo", List.of(), io("local", "local.echo"), io("local", "local.transform")),
                        node("twin", List.of(), io("local", "local.echo"), io("other", "local.echo")),
                        node("ghost", List.of(), io("off", "local.echo")),
                        node("pure", List.of())),
                16, Duration.ofSeconds(1));
        host = RuntimeHostProcess.builder(contract, InMemoryEventBus.create(), TestHandlers.registry())
                .handler(contract.handlers().get(0), new ScriptedHandler(HandlerType.of("local")))
                .handler(contract.handlers().get(1), new ScriptedHandler(HandlerType.of("local")))
                .log(JsonLog.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        JsonLog.Level.INFO))
                .build();
        return HostStatus.of(host);
    }

    @Test
    void eachNodeListsTheBindingsItUsesOnceInContractOrder() {
        HostStatus status = status();

        HostStatus.Snapshot snapshot = status.snapshot();

        assertThat(snapshot.nodes()).extracting(NodeStatus::node).containsExactly("echo", "twin", "ghost", "pure");
        assertThat(snapshot.node("echo").orElseThrow().bindings()).containsExactly("local");
        assertThat(snapshot.node("twin").orElseThrow().bindings()).containsExactly("local", "other");
        assertThat(snapshot.node("pure").orElseThrow().bindings()).isEmpty();
        assertThat(snapshot.node("nope")).isEmpty();
        assertThat(status.nodeSlugs()).containsExactly("echo", "twin", "ghost", "pure");
        assertThat(status.readinessMode()).isEqualTo(ReadinessMode.BINDINGS);
    }

    @Test
    void beforeTheHostStartsItsBindingsAreDownAndAfterwardsUp() {
        HostStatus status = status();

        NodeStatus before = status.snapshot().node("twin").orElseThrow();
        host.start();
        NodeStatus after = status.snapshot().node("twin").orElseThrow();

        assertThat(before.ready()).isFalse();
        assertThat(before.down()).extracting(BindingStatus::name).containsExactly("local", "other");
        assertThat(before.down()).extracting(BindingStatus::state).containsOnly(HandlerState.CREATED);
        assertThat(after.ready()).isTrue();
        assertThat(after.down()).isEmpty();
        assertThat(status.running()).isTrue();
        assertThat(status.state()).isEqualTo("running");
    }

    @Test
    void aBindingTheHostDoesNotEnableIsDisabledNotDown() {
        HostStatus status = status();
        host.start();

        NodeStatus ghost = status.snapshot().node("ghost").orElseThrow();

        assertThat(ghost.disabled()).containsExactly("off");
        assertThat(ghost.down()).isEmpty();
        assertThat(ghost.ready()).isTrue();
        assertThat(status.snapshot().bindings()).extracting(BindingStatus::name).containsExactly("local", "other");
    }
}
