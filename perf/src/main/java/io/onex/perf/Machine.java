package io.onex.perf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The machine a run was measured on: enough to tell whether two runs are comparable.
 *
 * @param cores     available processors
 * @param jdk       the JVM's vendor and version
 * @param os        operating system name, version and architecture
 * @param maxHeapMb the JVM's maximum heap, in MB
 */
public record Machine(int cores, String jdk, String os, long maxHeapMb) {

    public Machine {
        Objects.requireNonNull(jdk, "jdk");
        Objects.requireNonNull(os, "os");
    }

    /** Returns the machine this JVM runs on. */
    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** Returns the machine as a JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cores", cores);
        json.put("jdk", jdk);
        json.put("os", os);
        json.put("max_heap_mb", maxHeapMb);
        return json;
    }

    /** Reads a machine written by {@link #toJson()}. */
    public static Machine fromJson(Map<String, Object> json) {
        return new Machine(((Number) json.get("cores")).intValue(), (String) json.get("jdk"), (String) json.get("os"),
                ((Number) json.get("max_heap_mb")).longValue());
    }
}
