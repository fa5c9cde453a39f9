package io.onex.compliance;

import java.lang.module.ModuleDescriptor;
import java.util.Objects;

/**
 * One module of the build as compiled: the folder it lives in under {@code modules/} and its
 * module descriptor.
 *
 * @param folder     the module's folder name under {@code modules/}, e.g. {@code handler-local}
 * @param descriptor the descriptor read from its compiled {@code module-info.class}
 */
record CompiledModule(String folder, ModuleDescriptor descriptor) {

    CompiledModule {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /** Returns the module's name, e.g. {@code io.onex.handler.local}. */
    String name() {
        return descriptor.name();
    }
}
