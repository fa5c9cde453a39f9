package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Keeps the Kubernetes manifests of {@code k8s/} true to the host: the probes, ports and
 * resources the operations guide and the production plan name, a contract that the real
 * {@code onex-host validate} accepts with the Deployment's variables, and every secret reference
 * of that contract actually delivered to the pod from the Secret.
 */
class KubernetesManifestsIT {

    private static final Path K8S = Launcher.HOME.resolve("k8s");
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern PLACEHOLDER = Pattern.compile("REPLACE_WITH_[A-Z0-9_]+");

    @TempDir
    Path dir;

    @Test
    void everyManifestParsesAndTheKustomizationListsEachOfThem() throws IOException {
        Set<String> manifests = new TreeSet<>();
        try (Stream<Path> files = Files.list(K8S)) {
            files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .forEach(manifests::add);
        }
        for (String name : manifests) {
            assertThat(text(yaml(name), name, "kind")).as("%s: kind", name).isNotBlank();
        }
        manifests.remove("kustomization.yaml");
        assertThat(new TreeSet<>(list(yaml("kustomization.yaml"), "kustomization.yaml", "resources")))
                .as("kustomization.yaml: resources must list every manifest of k8s/").isEqualTo(manifests);
    }

    @Test
    void probesUseTheHealthEndpointsOnTheContainerPortWithThePlannedTimings() {
        Map<String, Object> container = container();
        assertProbe(container, "livenessProbe", "/health/live", Map.of("initialDelaySeconds", 10,
                "periodSeconds", 10, "timeoutSeconds", 5, "failureThreshold", 3));
        assertProbe(container, "readinessProbe", "/health/ready", Map.of("initialDelaySeconds", 5,
                "periodSeconds", 5, "timeoutSeconds", 3, "failureThreshold", 2));
        if (container.containsKey("startupProbe")) {
            assertProbe(container, "startupProbe", "/health/live", Map.of());
        }
    }

    @Test
    void theContractsHealthServerListensOnEveryInterfaceOnTheProbePort() {
        Map<String, Object> health = map(runtimeContract(), "configmap.yaml runtime.yaml", "runtime", "health");
        assertThat(health.get("enabled")).as("configmap.yaml runtime.yaml: runtime.health.enabled").isEqualTo(true);
        assertThat(health.get("host")).as("configmap.yaml runtime.yaml: runtime.health.host (the default "
                + "127.0.0.1 is unreachable for the kubelet)").isEqualTo("0.0.0.0");
        int port = containerPort(container(), "http");
        assertThat(health.get("port")).as("configmap.yaml runtime.yaml: runtime.health.port must be the "
                + "deployment.yaml container port 'http'").isEqualTo(port);
        Map<String, Object> servicePort = map(yaml("service.yaml"), "service.yaml", "spec", "ports", "0");
        assertThat(containerPort(container(), servicePort.get("targetPort")))
                .as("service.yaml: targetPort must be the container's health port").isEqualTo(port);
        assertThat(servicePort.get("name")).as("service.yaml: port name").isEqualTo("http");
    }

    @Test
    void resourcesAreThePlannedRequestsAndLimits() {
        Map<String, Object> resources = map(container(), "deployment.yaml", "resources");
        assertThat(resources.get("requests")).as("deployment.yaml: resources.requests")
                .isEqualTo(Map.of("cpu", "250m", "memory", "256Mi"));
        assertThat(resources.get("limits")).as("deployment.yaml: resources.limits")
                .isEqualTo(Map.of("cpu", "1000m", "memory", "512Mi"));
    }

    @Test
    void theTerminationGracePeriodOutlastsTheContractsShutdownGrace() {
        Map<String, Object> runtime = map(runtimeContract(), "configmap.yaml runtime.yaml", "runtime");
        // 20 s is the contract's default grace (docs/CONTRACTS.md).
        Object graceSeconds = runtime.get("shutdown") instanceof Map<?, ?> shutdown && shutdown.get("grace_seconds") != null
                ? shutdown.get("grace_seconds") : 20;
        Object period = at(yaml("deployment.yaml"), "deployment.yaml", "spec", "template", "spec",
                "terminationGracePeriodSeconds");
        assertThat(period).as("deployment.yaml: terminationGracePeriodSeconds").isInstanceOf(Integer.class);
        assertThat((Integer) period).as("deployment.yaml: terminationGracePeriodSeconds must be larger than "
                + "runtime.shutdown.grace_seconds of configmap.yaml (%s)", graceSeconds)
                .isGreaterThan((Integer) graceSeconds);
    }

    @Test
    void theConfigMapContractPassesValidateWithTheDeploymentsVariables() throws Exception {
        Map<String, String> env = new HashMap<>(literalEnv());
        secretEnv().keySet().forEach(name -> env.put(name, "placeholder"));
        Path contract = writeMountedContracts();
        Launcher.Result result = Launcher.run("", env, "validate", contract.toString());
        assertThat(result.exitCode()).as("configmap.yaml: onex-host validate failed:%n%s", result.stderr()).isZero();
        assertThat(result.stderr()).as("configmap.yaml: onex-host validate warned").doesNotContain("warning:");
        assertThat(result.stdout()).contains("ok: " + contract);
    }

    @Test
    void everyContractVariableIsSetByTheDeployment() {
        Map<String, String> env = literalEnv();
        map(yaml("configmap.yaml"), "configmap.yaml", "data").forEach((key, content) -> {
            Matcher matcher = VARIABLE.matcher(String.valueOf(content));
            while (matcher.find()) {
                assertThat(env).as("configmap.yaml %s uses ${%s}, which deployment.yaml does not set with a value",
                        key, matcher.group(1)).containsKey(matcher.group(1));
            }
        });
    }

    @Test
    void everyEnvSecretReferenceComesFromTheSecret() {
        Map<String, String> fromSecret = secretEnv();
        for (String ref : secretRefs()) {
            if (ref.startsWith("env:")) {
                String name = ref.substring("env:".length());
                assertThat(fromSecret).as("configmap.yaml references secret %s, but deployment.yaml sets no env %s "
                        + "from a key of secrets.yaml", ref, name).containsKey(name);
            }
        }
    }

    @Test
    void everyFileSecretReferenceLiesInAMountedSecretVolume() {
        Map<String, String> files = secretFiles();
        for (String ref : secretRefs()) {
            if (ref.startsWith("file:")) {
                assertThat(files).as("configmap.yaml references secret %s, but no secret volume of deployment.yaml "
                        + "puts a key of secrets.yaml at that path", ref).containsKey(ref.substring("file:".length()));
            }
        }
    }

    @Test
    void theSecretTemplateHoldsPlaceholdersOnlyAndEachKeyIsUsed() {
        Map<String, Object> secret = yaml("secrets.yaml");
        assertThat(secret).as("secrets.yaml: base64 data could hide a real value; use stringData placeholders")
                .doesNotContainKey("data");
        Map<String, Object> values = map(secret, "secrets.yaml", "stringData");
        assertThat(values).as("secrets.yaml: stringData").isNotEmpty();
        Set<String> used = new LinkedHashSet<>(secretFiles().values());
        used.addAll(secretEnv().values());
        values.forEach((key, value) -> {
            assertThat(String.valueOf(value)).as("secrets.yaml: %s must be a REPLACE_WITH_... placeholder", key)
                    .matches(PLACEHOLDER);
            assertThat(used).as("secrets.yaml: key %s reaches the pod neither as env nor as a file", key).contains(key);
        });
    }

    @Test
    void thePodRunsLockedDownAndRollsWithoutLosingCapacity() {
        Map<String, Object> deployment = yaml("deployment.yaml");
        Map<String, Object> pod = map(deployment, "deployment.yaml", "spec", "template", "spec");
        assertThat(at(pod, "deployment.yaml pod", "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(at(pod, "deployment.yaml pod", "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        Map<String, Object> security = map(container(), "deployment.yaml container", "securityContext");
        assertThat(security.get("readOnlyRootFilesystem")).as("deployment.yaml: readOnlyRootFilesystem").isEqualTo(true);
        assertThat(security.get("allowPrivilegeEscalation")).as("deployment.yaml: allowPrivilegeEscalation").isEqualTo(false);
        assertThat(list(security, "deployment.yaml container securityContext", "capabilities", "drop")).containsExactly("ALL");
        assertThat(at(deployment, "deployment.yaml", "spec", "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
        Map<String, Object> labels = map(deployment, "deployment.yaml", "spec", "template", "metadata", "labels");
        assertThat(labels).as("deployment.yaml: pod labels").containsEntry("app", "runtime-host");
        Map<String, Object> pdb = yaml("pdb.yaml");
        assertThat(at(pdb, "pdb.yaml", "spec", "minAvailable")).isEqualTo(1);
        assertThat(labels).as("pdb.yaml: selector must match the pod labels")
                .containsAllEntriesOf(map(pdb, "pdb.yaml", "spec", "selector", "matchLabels"));
        assertThat(labels).as("service.yaml: selector must match the pod labels")
                .containsAllEntriesOf(map(yaml("service.yaml"), "service.yaml", "spec", "selector"));
    }

    // --- the Deployment as the pod sees it ---------------------------------------------------

    private static Map<String, Object> container() {
        return map(yaml("deployment.yaml"), "deployment.yaml", "spec", "template", "spec", "containers", "0");
    }

    private static List<Object> pod(String key) {
        return list(yaml("deployment.yaml"), "deployment.yaml", "spec", "template", "spec", key);
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path, Map<String, Integer> timings) {
        Map<String, Object> spec = map(container, "deployment.yaml", probe);
        assertThat(at(spec, "deployment.yaml " + probe, "httpGet", "path")).as("deployment.yaml: %s path", probe).isEqualTo(path);
        assertThat(containerPort(container, at(spec, "deployment.yaml " + probe, "httpGet", "port")))
                .as("deployment.yaml: %s port", probe).isEqualTo(containerPort(container, "http"));
        timings.forEach((key, value) ->
                assertThat(spec.get(key)).as("deployment.yaml: %s.%s", probe, key).isEqualTo(value));
    }

    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        for (Object entry : list(container, "deployment.yaml", "ports")) {
            if (entry instanceof Map<?, ?> candidate && port.equals(candidate.get("name"))) {
                return (Integer) candidate.get("containerPort");
            }
        }
        throw new AssertionError("deployment.yaml: the container has no port named '" + port + "'");
    }

    /** The environment variables the Deployment sets with a literal value. */
    private static Map<String, String> literalEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object entry : list(container(), "deployment.yaml", "env")) {
            if (entry instanceof Map<?, ?> variable && variable.get("value") != null) {
                env.put(String.valueOf(variable.get("name")), String.valueOf(variable.get("value")));
            }
        }
        return env;
    }

    /** Variable name to Secret key, for every variable the Deployment takes from the template's Secret. */
    private static Map<String, String> secretEnv() {
        String secretName = text(yaml("secrets.yaml"), "secrets.yaml", "metadata", "name");
        Set<String> keys = map(yaml("secrets.yaml"), "secrets.yaml", "stringData").keySet();
        Map<String, String> env = new LinkedHashMap<>();
        for (Object entry : list(container(), "deployment.yaml", "env")) {
            if (entry instanceof Map<?, ?> variable && variable.get("valueFrom") instanceof Map<?, ?> from
                    && from.get("secretKeyRef") instanceof Map<?, ?> ref
                    && secretName.equals(ref.get("name")) && keys.contains(String.valueOf(ref.get("key")))) {
                env.put(String.valueOf(variable.get("name")), String.valueOf(ref.get("key")));
            }
        }
        return env;
    }

    /** File path in the container to Secret key, for every key of the template's Secret mounted as a file. */
    private static Map<String, String> secretFiles() {
        String secretName = text(yaml("secrets.yaml"), "secrets.yaml", "metadata", "name");
        Set<String> keys = map(yaml("secrets.yaml"), "secrets.yaml", "stringData").keySet();
        Map<String, String> files = new LinkedHashMap<>();
        for (Object volume : pod("volumes")) {
            if (!(volume instanceof Map<?, ?> v) || !(v.get("secret") instanceof Map<?, ?> secret)
                    || !secretName.equals(secret.get("secretName"))) {
                continue;
            }
            Map<String, String> pathToKey = new LinkedHashMap<>();
            if (secret.get("items") instanceof List<?> items) {
                items.forEach(item -> pathToKey.put(String.valueOf(((Map<?, ?>) item).get("path")),
                        String.valueOf(((Map<?, ?>) item).get("key"))));
            } else {
                keys.forEach(key -> pathToKey.put(key, key));
            }
            for (String mount : mountPaths(String.valueOf(v.get("name")))) {
                pathToKey.forEach((path, key) -> {
                    if (keys.contains(key)) {
                        files.put(mount.replaceAll("/$", "") + "/" + path, key);
                    }
                });
            }
        }
        return files;
    }

    private static List<String> mountPaths(String volume) {
        List<String> paths = new ArrayList<>();
        for (Object mount : list(container(), "deployment.yaml", "volumeMounts")) {
            if (mount instanceof Map<?, ?> m && volume.equals(m.get("name")) && m.get("subPath") == null) {
                paths.add(String.valueOf(m.get("mountPath")));
            }
        }
        return paths;
    }

    /** Writes the ConfigMap's keys where the Deployment mounts them; returns the contract that args name. */
    private Path writeMountedContracts() {
        List<Object> args = list(container(), "deployment.yaml", "args");
        assertThat(args).as("deployment.yaml: args").hasSize(2).first().isEqualTo("run");
        String contract = String.valueOf(args.get(1));
        String configMapName = text(yaml("configmap.yaml"), "configmap.yaml", "metadata", "name");
        Map<String, Object> data = map(yaml("configmap.yaml"), "configmap.yaml", "data");
        for (Object volume : pod("volumes")) {
            if (volume instanceof Map<?, ?> v && v.get("configMap") instanceof Map<?, ?> configMap
                    && configMapName.equals(configMap.get("name"))) {
                for (String mount : mountPaths(String.valueOf(v.get("name")))) {
                    if (!contract.startsWith(mount + "/")) {
                        continue;
                    }
                    Path root = dir.resolve("mount");
                    for (Object item : (List<?>) configMap.get("items")) {
                        Map<?, ?> entry = (Map<?, ?>) item;
                        assertThat(data).as("deployment.yaml mounts ConfigMap key %s, which configmap.yaml lacks",
                                entry.get("key")).containsKey(String.valueOf(entry.get("key")));
                        Launcher.write(root, String.valueOf(entry.get("path")), String.valueOf(data.get(entry.get("key"))));
                    }
                    Path file = root.resolve(contract.substring(mount.length() + 1));
                    assertThat(file).as("deployment.yaml: args name %s, which the ConfigMap mount does not hold",
                            contract).exists();
                    return file;
                }
            }
        }
        throw new AssertionError("deployment.yaml: no ConfigMap volume of configmap.yaml is mounted above " + contract);
    }

    // --- the contracts of the ConfigMap --------------------------------------------------------

    private static Map<String, Object> runtimeContract() {
        return parse("configmap.yaml runtime.yaml", text(yaml("configmap.yaml"), "configmap.yaml", "data", "runtime.yaml"));
    }

    /** Every secret reference written in any contract of the ConfigMap. */
    private static List<String> secretRefs() {
        List<String> refs = new ArrayList<>();
        map(yaml("configmap.yaml"), "configmap.yaml", "data").forEach((key, content) ->
                collectSecretRefs(parse("configmap.yaml " + key, String.valueOf(content)), refs));
        assertThat(refs).as("configmap.yaml: the contract should reference its secrets").isNotEmpty();
        return refs;
    }

    private static void collectSecretRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("secret_ref") instanceof String ref) {
                refs.add(ref);
            }
            map.values().forEach(value -> collectSecretRefs(value, refs));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectSecretRefs(value, refs));
        }
    }

    // --- YAML ----------------------------------------------------------------------------------

    private static Map<String, Object> yaml(String name) {
        try {
            return parse(name, Files.readString(K8S.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("k8s/" + name + " cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String name, String content) {
        List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().setLabel(name).build()).loadAllFromString(content).forEach(documents::add);
        assertThat(documents).as("%s: expected exactly one YAML document", name).hasSize(1);
        assertThat(documents.get(0)).as("%s: the top level must be a mapping", name).isInstanceOf(Map.class);
        return (Map<String, Object>) documents.get(0);
    }

    private static Object at(Object root, String file, String... path) {
        Object current = root;
        StringBuilder where = new StringBuilder();
        for (String key : path) {
            where.append(where.isEmpty() ? "" : ".").append(key);
            if (current instanceof Map<?, ?> map && map.get(key) != null) {
                current = map.get(key);
            } else if (current instanceof List<?> list && key.matches("\\d+") && Integer.parseInt(key) < list.size()) {
                current = list.get(Integer.parseInt(key));
            } else {
                throw new AssertionError(file + ": " + where + " is missing");
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object root, String file, String... path) {
        Object value = at(root, file, path);
        assertThat(value).as("%s: %s must be a mapping", file, String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object root, String file, String... path) {
        Object value = at(root, file, path);
        assertThat(value).as("%s: %s must be a list", file, String.join(".", path)).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static String text(Object root, String file, String... path) {
        Object value = at(root, file, path);
        assertThat(value).as("%s: %s must be text", file, String.join(".", path)).isInstanceOf(String.class);
        return (String) value;
    }
}
