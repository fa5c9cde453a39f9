package io.onex.perf;

import java.util.List;

/** How to start a class's {@code main} in a new JVM the way this JVM runs the harness. */
public final class JavaMain {

    private JavaMain() {
    }

    /**
     * Returns the {@code java} arguments that run {@code main}: as a class of the module
     * {@code io.onex.perf} on this JVM's module path when the harness runs as a module (as
     * {@code perf/bench.sh} runs it), else on this JVM's class path (as the tests run it).
     */
    public static List<String> of(Class<?> main) {
        Module module = main.getModule();
        if (module.isNamed()) {
            return List.of("--module-path", System.getProperty("jdk.module.path"), "-m",
                    module.getName() + "/" + main.getName());
        }
        return List.of("-cp", System.getProperty("java.class.path"), main.getName());
    }
}
