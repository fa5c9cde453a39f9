package io.onex.host.core.runtime;

import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.api.contract.NodeType;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.ShutdownSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds contracts for tests without YAML. */
final class TestContracts {

    static final String INPUT = "onex.test.runtime.cmd.v1";
    static final String OUTPUT = "onex.test.runtime.evt.v1";

    private TestContracts() {
    }

    static HandlerBinding binding(HandlerType type, String name) {
        return new HandlerBinding(type, name, true, true, Optional.empty(), Optional.empty(),
                java.util.OptionalDouble.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    static HandlerBinding disabled(HandlerType type, String name) {
        return new HandlerBinding(type, name, false, true, Optional.empty(), Optional.empty(),
                java.util.OptionalDouble.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    static HostedNode node(String slug, List<String> requiredInputs, NodeContract.IoOperation... io) {
        return limited(slug, HostedNode.Limits.NONE, requiredInputs, io);
    }

    static HostedNode limited(String slug, HostedNode.Limits limits, List<String> requiredInputs,
            NodeContract.IoOperation... io) {
        NodeContract contract = new NodeContract(Path.of(slug + ".yaml"), "1.0.0", slug,
                io.length == 0 ? NodeType.COMPUTE : NodeType.EFFECT, "", List.of(io), requiredInputs);
        return new HostedNode(slug, contract, limits);
    }

    static NodeContract.IoOperation io(String binding, String... operations) {
        return new NodeContract.IoOperation(binding, List.of(operations), List.of());
    }

    static RuntimeContract runtime(List<HandlerBinding> bindings, List<HostedNode> nodes, int maxInflight,
            Duration grace) {
        EventBusSpec bus = new EventBusSpec(io.onex.host.api.contract.BusKind.INMEMORY,
                new EventBusSpec.Topics(INPUT, OUTPUT, "onex.test.runtime.error.v1"),
                new EventBusSpec.Backpressure(maxInflight, maxInflight), Map.of());
        return new RuntimeContract(Path.of("runtime.yaml"), "1.0.0", "test_host", "1.0.0", Environment.DEV, bus,
                bindings, nodes, new HealthSpec(false, "127.0.0.1", 0, Optional.empty()), new ShutdownSpec(grace));
    }
}
