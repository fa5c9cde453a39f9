package io.onex.compliance;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules over module descriptors: what each module is called, what it contains, exports and
 * opens. Together with the compiler they make the encapsulation of DESIGN.md hold: a handler or
 * bus can only be reached, and so only be built, from io.onex.wiring.
 */
final class ModuleRules {

    /** The one module allowed to see handler and bus implementations. */
    static final String WIRING = "io.onex.wiring";

    /** Every package of a module starts with the module's name. */
    static final ModuleRule everyPackageShouldStartWithItsModuleName = new ModuleRule(
            "every package of a module should start with the module's name",
            "the module name is the root package, so a package name alone tells "
                    + "which module owns it and two modules can never split a package. Move the package "
                    + "under the module's root package, or into the module whose name it starts with",
            module -> module.descriptor().packages().stream().sorted()
                    .filter(name -> !name.equals(module.name()) && !name.startsWith(module.name() + "."))
                    .map(name -> "Module <" + module.name() + "> contains package <" + name + ">")
                    .toList());

    /** A module in {@code modules/handler-http} is called {@code io.onex.handler.http}. */
    static final ModuleRule everyModuleShouldBeNamedAfterItsFolder = new ModuleRule(
            "every module in modules/<folder> should be named io.onex.<folder with dots for dashes>",
            "module name, root package and folder are one name, so a reader finds "
                    + "a module from a package or a stack trace without searching. Rename the module (and "
                    + "its root package) or its folder",
            module -> {
                String expected = "io.onex." + module.folder().replace('-', '.').toLowerCase(Locale.ROOT);
                return module.name().equals(expected) ? List.of()
                        : List.of("Module <" + module.name() + "> lives in modules/" + module.folder()
                                + ", so it should be named <" + expected + ">");
            });

    /** No module looks anything up through ServiceLoader. */
    static final ModuleRule modulesShouldNotUseOrProvideServices = new ModuleRule(
            "no module should declare uses or provides",
            "wiring is static: handler factories are registered in code "
                    + "(OnexHost.builder().handler(...)) and buses come from one table in io.onex.wiring, so "
                    + "what a contract gets is "
                    + "visible in one place, works the same on the class path and in a jlink image, and "
                    + "needs no discovery. Remove the uses/provides clause and add the implementation to "
                    + "OnexHost (a handler factory) or io.onex.wiring's bus table instead",
            module -> {
                List<String> found = new ArrayList<>();
                module.descriptor().uses().stream().sorted().forEach(service ->
                        found.add("Module <" + module.name() + "> uses <" + service + ">"));
                module.descriptor().provides().stream().map(ModuleDescriptor.Provides::service).sorted()
                        .forEach(service -> found.add("Module <" + module.name() + "> provides <" + service + ">"));
                return found;
            });

    /** Handler and bus modules are visible to io.onex.wiring and to nothing else. */
    static final ModuleRule handlerAndBusModulesShouldExportOnlyToWiring = new ModuleRule(
            "handler and bus modules (io.onex.handler.*, io.onex.bus.*) should export their packages only "
                    + "to " + WIRING + " and open none",
            "only io.onex.wiring may build a handler or a bus, and a qualified export makes the compiler "
                    + "enforce that. Write "
                    + "'exports <package> to io.onex.wiring;' and no plain export or opens; anything other "
                    + "modules need belongs in host-api or host-core",
            module -> isHandlerOrBusModule(module.name())
                    ? exportsOnlyToWiring(module, module.descriptor().packages())
                    : List.of());

    /**
     * The shared client modules (issue #17: one HTTP-client lifecycle, one Vault client) sit below
     * the handler modules and the secret resolver: they export only to the modules that use them
     * and depend on none of the modules above them.
     */
    static final ModuleRule clientModulesShouldExportOnlyToTheirUsersAndRequireNoModuleAboveThem = new ModuleRule(
            "client modules (io.onex.client.*) should export each package only to named modules, open none, "
                    + "and require no handler, bus, secrets, health or wiring module",
            "a client module is shared code under the handler modules and the secret resolver (a handler "
                    + "module may not depend on another handler module), not an API: qualify each export with "
                    + "the modules that use it ('exports <package> to io.onex.handler.x, ...;'), and move "
                    + "anything that needs a handler, the resolver, health or wiring into that module instead",
            module -> {
                if (!module.name().startsWith("io.onex.client.")) {
                    return List.of();
                }
                List<String> found = new ArrayList<>();
                ModuleDescriptor descriptor = module.descriptor();
                if (descriptor.isOpen()) {
                    found.add("Module <" + module.name() + "> is an open module");
                }
                descriptor.exports().stream().filter(exports -> !exports.isQualified())
                        .map(exports -> "Module <" + module.name() + "> exports <" + exports.source() + "> to everyone")
                        .sorted().forEach(found::add);
                descriptor.opens().stream()
                        .map(opens -> "Module <" + module.name() + "> opens <" + opens.source() + ">")
                        .sorted().forEach(found::add);
                descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                        .filter(name -> isHandlerOrBusModule(name) || name.equals("io.onex.secrets")
                                || name.equals("io.onex.health") || name.equals(WIRING))
                        .map(name -> "Module <" + module.name() + "> requires <" + name + ">")
                        .sorted().forEach(found::add);
                return found;
            });

    /** The composition root exports its one public entry point and nothing else (issue #14). */
    static final ModuleRule wiringShouldExportOnlyItsOwnPackage = new ModuleRule(
            WIRING + " should export " + WIRING + ", to everyone, and no other package, and open none",
            "applications compose a host through io.onex.wiring.OnexHost (and the launcher starts "
                    + "io.onex.wiring.Main); everything else of the composition root is internal, so that "
                    + "nothing but wiring builds handlers and buses. Keep new classes package-private in "
                    + "io.onex.wiring or put them in an unexported package such as io.onex.wiring.internal",
            module -> {
                if (!module.name().equals(WIRING)) {
                    return List.of();
                }
                List<String> found = new ArrayList<>();
                ModuleDescriptor descriptor = module.descriptor();
                if (descriptor.isOpen()) {
                    found.add("Module <" + WIRING + "> is an open module");
                }
                descriptor.exports().stream()
                        .filter(exports -> !exports.source().equals(WIRING) || exports.isQualified())
                        .map(exports -> "Module <" + WIRING + "> exports <" + exports.source() + ">"
                                + (exports.isQualified() ? " to " + String.join(", ", exports.targets()) : ""))
                        .sorted()
                        .forEach(found::add);
                if (descriptor.exports().stream().noneMatch(exports -> exports.source().equals(WIRING))) {
                    found.add("Module <" + WIRING + "> does not export <" + WIRING + ">");
                }
                descriptor.opens().forEach(opens -> found.add("Module <" + WIRING + "> opens <" + opens.source() + ">"));
                return found;
            });

    private ModuleRules() {
    }

    /**
     * Returns the rule that the packages holding a handler or bus implementation, wherever they
     * live (the in-memory bus in host-core, a handler in secrets), are exported only to
     * io.onex.wiring and opened to no one.
     *
     * @param implementationPackages the packages that hold a concrete Handler or EventBus
     */
    static ModuleRule packagesHoldingHandlersOrBusesShouldBeExportedOnlyToWiring(Set<String> implementationPackages) {
        Set<String> packages = Set.copyOf(implementationPackages);
        return new ModuleRule(
                "packages holding a Handler or EventBus implementation should be exported only to " + WIRING
                        + " and opened to none",
                "only io.onex.wiring may build a handler or a bus; a qualified export makes the compiler "
                        + "refuse any other module that tries. Export the "
                        + "package with 'exports <package> to io.onex.wiring;', and move types that other "
                        + "modules need out of it",
                module -> exportsOnlyToWiring(module, packages));
    }

    private static boolean isHandlerOrBusModule(String name) {
        return name.startsWith("io.onex.handler.") || name.startsWith("io.onex.bus.");
    }

    private static List<String> exportsOnlyToWiring(CompiledModule module, Set<String> packages) {
        List<String> found = new ArrayList<>();
        ModuleDescriptor descriptor = module.descriptor();
        if (descriptor.isOpen() && descriptor.packages().stream().anyMatch(packages::contains)) {
            found.add("Module <" + module.name() + "> is an open module");
        }
        descriptor.exports().stream()
                .filter(exports -> packages.contains(exports.source()))
                .filter(exports -> !exports.targets().equals(Set.of(WIRING)))
                .map(exports -> "Module <" + module.name() + "> exports <" + exports.source() + "> "
                        + (exports.isQualified() ? "to " + String.join(", ", exports.targets().stream().sorted().toList())
                                : "to everyone"))
                .sorted()
                .forEach(found::add);
        descriptor.opens().stream()
                .filter(opens -> packages.contains(opens.source()))
                .map(opens -> "Module <" + module.name() + "> opens <" + opens.source() + ">")
                .sorted()
                .forEach(found::add);
        return found;
    }
}
