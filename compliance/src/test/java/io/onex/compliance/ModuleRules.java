package io.onex.compliance;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules over module descriptors: what each module is called, what it contains, exports and
 * opens. Together with the compiler they make the encapsulation of DESIGN.md hold: a handler or
 * bus can only be reached, and so only be built, from a composition module: io.onex.wiring (the
 * full host), io.onex.wiring.core (the handler-free core every host is built on) and the shipped
 * distributions io.onex.distribution.*.
 */
final class ModuleRules {

    /** The full host: OnexHost, every built-in handler and the Kafka bus. */
    static final String WIRING = "io.onex.wiring";

    /** The handler-free core every host is composed on. */
    static final String CORE = "io.onex.wiring.core";

    /** The prefix of the shipped distributions' composition modules, e.g. io.onex.distribution.http.kafka. */
    static final String DISTRIBUTION_PREFIX = "io.onex.distribution.";

    /**
     * The benchmark harness (perf/, not shipped). It runs on the module path as an application does;
     * of host-core it reads only the packages in {@link #HARNESS_PACKAGES}, exported to it by name.
     */
    static final String HARNESS = "io.onex.perf";

    /**
     * What host-core exports to the benchmark harness: the envelope codec (the codec benchmark), JSON
     * values (its result files) and the in-memory bus (the bare relay its round trips are measured against).
     */
    static final Set<String> HARNESS_PACKAGES = Set.of("io.onex.host.core.codec", "io.onex.host.core.json",
            "io.onex.host.core.bus");

    /**
     * The benchmark harness uses what an application uses (io.onex.wiring's embedding API, host-api)
     * and, by name, three packages of host-core; no other module exports anything to it (issue #17).
     */
    static final ModuleRule theBenchmarkHarnessShouldSeeOnlyPublicApiAndThreeEnginePackages = new ModuleRule(
            "no module should export a package to " + HARNESS + " but io.onex.host.core its codec, json and bus",
            "the benchmark harness runs like an application, through OnexHost.start and host-api; what it may "
                    + "read of the engine is a short, reviewed list. Measure through the embedding API, or "
                    + "add the package to ModuleRules.HARNESS_PACKAGES with the reason",
            module -> module.descriptor().exports().stream()
                    .filter(exports -> exports.targets().contains(HARNESS))
                    .filter(exports -> !module.name().equals("io.onex.host.core")
                            || !HARNESS_PACKAGES.contains(exports.source()))
                    .map(exports -> "Module <" + module.name() + "> exports <" + exports.source() + "> to " + HARNESS)
                    .sorted()
                    .toList());

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

    /** Handler and bus modules are visible to the composition modules and to nothing else. */
    static final ModuleRule handlerAndBusModulesShouldExportOnlyToWiring = new ModuleRule(
            "handler and bus modules (io.onex.handler.*, io.onex.bus.*) should export their packages only "
                    + "to composition modules (" + WIRING + ", " + CORE + ", " + DISTRIBUTION_PREFIX
                    + "*) and open none",
            "only a composition module may build a handler or a bus, and a qualified export makes the compiler "
                    + "enforce that. Write "
                    + "'exports <package> to io.onex.wiring, <the distributions that compose it>;' and no plain "
                    + "export or opens; anything other modules need belongs in host-api or host-core",
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
                    + "nothing but the composition modules build handlers and buses. Keep new classes "
                    + "package-private in io.onex.wiring, or put what every host needs in io.onex.wiring.core",
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

    /**
     * The handler-free core requires no handler or bus module and not the full host: what a host
     * can run is decided by its composition module's graph alone.
     */
    static final ModuleRule coreShouldRequireNoHandlerOrBusModule = new ModuleRule(
            CORE + " should require no handler or bus module and not " + WIRING,
            "the core is what every host is composed on, the smallest distribution included; a handler or "
                    + "bus it required would be in every host, and could not be left out of a distribution. "
                    + "Require the module from the composition modules instead (io.onex.wiring and the "
                    + "distributions that want it) and register its factory there",
            module -> !module.name().equals(CORE) ? List.of() : module.descriptor().requires().stream()
                    .map(ModuleDescriptor.Requires::name)
                    .filter(name -> isHandlerOrBusModule(name) || name.equals(WIRING)).sorted()
                    .map(name -> "Module <" + CORE + "> requires <" + name + ">").toList());

    /**
     * A distribution is composed on the core: it requires io.onex.wiring.core and not the full
     * host, requires its handlers and buses plainly (never {@code static}: a plain
     * {@code java -p ... -m} must get them) and exports nothing.
     */
    static final ModuleRule distributionsShouldComposeOnTheCore = new ModuleRule(
            "distribution modules (" + DISTRIBUTION_PREFIX + "*) should require " + CORE + ", not " + WIRING
                    + ", require no handler or bus module static, and export nothing",
            "a distribution is the core plus the handlers and buses its module requires: requiring "
                    + WIRING + " would bring every built-in handler, a static requires would leave the handler "
                    + "out of a plain 'java -p ... -m' launch, and an export would make it an API. Require "
                    + CORE + " and each handler or bus module plainly, and only start the host from its main",
            module -> {
                if (!module.name().startsWith(DISTRIBUTION_PREFIX)) {
                    return List.of();
                }
                List<String> found = new ArrayList<>();
                ModuleDescriptor descriptor = module.descriptor();
                if (descriptor.requires().stream().noneMatch(requires -> requires.name().equals(CORE))) {
                    found.add("Module <" + module.name() + "> does not require <" + CORE + ">");
                }
                descriptor.requires().stream()
                        .filter(requires -> requires.name().equals(WIRING)
                                || isHandlerOrBusModule(requires.name())
                                && requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                        .map(requires -> "Module <" + module.name() + "> requires "
                                + (requires.name().equals(WIRING) ? "" : "static ") + "<" + requires.name() + ">")
                        .sorted().forEach(found::add);
                descriptor.exports().stream().map(exports -> "Module <" + module.name() + "> exports <"
                        + exports.source() + ">").sorted().forEach(found::add);
                return found;
            });

    private ModuleRules() {
    }

    /**
     * Returns the rule that io.onex.wiring, the full host, requires every handler and bus module of
     * the build, and none {@code static}: an application that requires io.onex.wiring then has every
     * built-in with a plain {@code java -p ... -m app}, and no module is in no host.
     *
     * @param handlerAndBusModules the names of the build's io.onex.handler.* and io.onex.bus.* modules
     */
    static ModuleRule wiringShouldRequireEveryHandlerAndBusModule(Set<String> handlerAndBusModules) {
        Set<String> required = Set.copyOf(handlerAndBusModules);
        return new ModuleRule(
                WIRING + " should require every handler and bus module of the build, none static",
                "io.onex.wiring is the full host: what an application that requires it gets with no "
                        + "--add-modules. Add 'requires <module>;' to io.onex.wiring (not static) and register "
                        + "its factory in BuiltInHandlers (a bus in OnexHost)",
                module -> {
                    if (!module.name().equals(WIRING)) {
                        return List.of();
                    }
                    Map<String, ModuleDescriptor.Requires> byName = new TreeMap<>();
                    module.descriptor().requires().forEach(requires -> byName.put(requires.name(), requires));
                    List<String> found = new ArrayList<>();
                    for (String name : new TreeSet<>(required)) {
                        ModuleDescriptor.Requires requires = byName.get(name);
                        if (requires == null) {
                            found.add("Module <" + WIRING + "> does not require <" + name + ">");
                        } else if (requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                            found.add("Module <" + WIRING + "> requires static <" + name + ">");
                        }
                    }
                    return found;
                });
    }

    /** Returns whether {@code name} is a composition module: the full host, the core or a distribution. */
    static boolean isComposition(String name) {
        return name.equals(WIRING) || name.equals(CORE) || name.startsWith(DISTRIBUTION_PREFIX);
    }

    /**
     * Returns the rule that the packages holding a handler or bus implementation, wherever they
     * live (the in-memory bus in host-core, a handler in secrets), are exported only to
     * composition modules and opened to no one.
     *
     * @param implementationPackages the packages that hold a concrete Handler or EventBus
     */
    static ModuleRule packagesHoldingHandlersOrBusesShouldBeExportedOnlyToWiring(Set<String> implementationPackages) {
        Set<String> packages = Set.copyOf(implementationPackages);
        return new ModuleRule(
                "packages holding a Handler or EventBus implementation should be exported only to "
                        + "composition modules (" + WIRING + ", " + CORE + ", " + DISTRIBUTION_PREFIX
                        + "*) and opened to none",
                "only a composition module may build a handler or a bus; a qualified export makes the compiler "
                        + "refuse any other module that tries (the benchmark harness " + HARNESS + " builds a bare "
                        + "in-memory bus as its baseline: see HARNESS_PACKAGES). Export the "
                        + "package with 'exports <package> to <the composition modules that build it>;', and move "
                        + "types that other modules need out of it",
                module -> exportsOnlyToWiring(module, packages));
    }

    /** Returns whether {@code name} is a handler or bus module: io.onex.handler.* or io.onex.bus.*. */
    static boolean isHandlerOrBusModule(String name) {
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
                .filter(exports -> exports.targets().isEmpty()
                        || !exports.targets().stream().allMatch(target -> isComposition(target)
                                || target.equals(HARNESS) && HARNESS_PACKAGES.contains(exports.source())))
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
