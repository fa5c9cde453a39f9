import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Completes a module descriptor that {@code jdeps --generate-module-info} drafted for a library jar,
 * so that the library behaves as an explicit module the way it did as an automatic one.
 *
 * <p>Usage: {@code java CompleteDescriptors.java MODULE_PATH_DIR EXCLUDED_JDK_MODULES MODULE_INFO JAR
 * [MODULE_INFO JAR]...} (the excluded modules comma-separated). Each file is rewritten in place:
 * <ul>
 *   <li>{@code module} becomes {@code open module}: an automatic module opens every package to
 *       deep reflection, and some libraries rely on that;</li>
 *   <li>{@code uses} is added for every service the jar's code loads with a constant class
 *       ({@code ServiceLoader.load(X.class, ...)}) and for every service type of the jar's own
 *       packages that some jar provides: an automatic module may load any service, an explicit one
 *       only those it declares, and {@code ServiceLoader} fails otherwise;</li>
 *   <li>{@code provides} clauses whose service type the module cannot see are dropped
 *       (integrations with libraries the host does not ship, e.g. BlockHound);</li>
 *   <li>{@code exports} of a package without classes (only a package-info) is dropped: javac
 *       refuses it;</li>
 *   <li>{@code requires} of an excluded JDK module (e.g. java.desktop, used only by optional
 *       features) becomes {@code requires static}, so the image does not link it.</li>
 * </ul>
 */
public final class CompleteDescriptors {

    private static final int RECENT_CONSTANTS = 4;
    private static final Pattern PROVIDES = Pattern.compile("(?s)\\n\\s*provides\\s+([\\w.$]+)\\s+with\\s+[^;]*;");
    private static final Pattern EXPORTS = Pattern.compile("\\n\\s*exports\\s+([\\w.]+)\\s*;");
    private static final Pattern REQUIRES = Pattern.compile("requires\\s+(transitive\\s+)?([\\w.]+)\\s*;");

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || args.length % 2 != 0) {
            System.err.println("usage: java CompleteDescriptors.java MODULE_PATH_DIR EXCLUDED_JDK_MODULES"
                    + " MODULE_INFO JAR [MODULE_INFO JAR]...");
            System.exit(2);
        }
        Path modulePath = Path.of(args[0]);
        Set<String> excluded = Set.of(args[1].isBlank() ? new String[0] : args[1].split(","));
        Set<String> provided = new TreeSet<>();
        for (Path jar : list(modulePath)) {
            providedServices(jar, provided);
        }
        Map<String, Set<String>> visible = visiblePackages(modulePath);
        for (int i = 2; i < args.length; i += 2) {
            complete(Path.of(args[i]), Path.of(args[i + 1]), excluded, provided, visible);
        }
    }

    private static void complete(Path descriptor, Path jar, Set<String> excluded, Set<String> provided,
            Map<String, Set<String>> visible) throws IOException {
        Set<String> ownPackages = new TreeSet<>();
        Set<String> publicTypes = new TreeSet<>();
        Set<String> loaded = new TreeSet<>();
        scan(jar, ownPackages, publicTypes, loaded);

        String text = Files.readString(descriptor);
        StringBuilder out = new StringBuilder();
        Matcher requires = REQUIRES.matcher(text);
        Set<String> readable = new TreeSet<>();
        while (requires.find()) {
            String module = requires.group(2);
            if (excluded.contains(module)) {
                requires.appendReplacement(out, "requires static " + module + ";");
            } else {
                readable.add(module);
                requires.appendReplacement(out, Matcher.quoteReplacement(requires.group()));
            }
        }
        requires.appendTail(out);
        text = out.toString();

        out = new StringBuilder();
        Matcher provides = PROVIDES.matcher(text);
        while (provides.find()) {
            String service = provides.group(1);
            boolean seen = ownPackages.contains(packageOf(service)) || readableType(service, readable, visible);
            provides.appendReplacement(out, Matcher.quoteReplacement(seen ? provides.group() : ""));
        }
        provides.appendTail(out);
        text = out.toString();

        Set<String> uses = new TreeSet<>();
        for (String service : loaded) {
            if (ownPackages.contains(packageOf(service)) ? publicTypes.contains(service)
                    : readableType(service, readable, visible) && isPublicElsewhere(service)) {
                uses.add(service);
            }
        }
        for (String service : provided) {
            if (ownPackages.contains(packageOf(service))) {
                uses.add(service);
            }
        }
        Matcher exports = EXPORTS.matcher(text);
        out = new StringBuilder();
        while (exports.find()) {
            exports.appendReplacement(out, ownPackages.contains(exports.group(1))
                    ? Matcher.quoteReplacement(exports.group()) : "");
        }
        exports.appendTail(out);
        text = out.toString();

        StringBuilder clauses = new StringBuilder();
        for (String service : uses) {
            clauses.append("    uses ").append(service.replace('$', '.')).append(";\n");
        }
        int end = text.lastIndexOf('}');
        text = text.substring(0, end) + clauses + text.substring(end);
        text = text.replaceFirst("(?m)^module ", "open module ");
        Files.writeString(descriptor, text);
    }

    /**
     * Collects the jar's packages (those with a class other than package-info), its public types,
     * and the class constants its code loads shortly before calling {@code ServiceLoader.load}: the
     * service is one of them (the others, e.g. a class whose loader is passed, are harmless once
     * filtered to public types).
     */
    private static void scan(Path jar, Set<String> packages, Set<String> publicTypes, Set<String> loaded)
            throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                int slash = name.lastIndexOf('/');
                if (slash > 0 && !name.endsWith("/package-info.class")) {
                    packages.add(name.substring(0, slash).replace('/', '.'));
                }
                ClassModel model = ClassFile.of().parse(file.getInputStream(entry).readAllBytes());
                if (model.flags().has(AccessFlag.PUBLIC)) {
                    publicTypes.add(model.thisClass().asInternalName().replace('/', '.'));
                }
                for (MethodModel method : model.methods()) {
                    method.code().ifPresent(code -> {
                        Deque<String> recent = new ArrayDeque<>();
                        for (CodeElement element : code) {
                            if (element instanceof ConstantInstruction.LoadConstantInstruction ldc
                                    && ldc.constantEntry() instanceof ClassEntry type
                                    && !type.asInternalName().startsWith("[")) {
                                recent.addLast(type.asInternalName().replace('/', '.'));
                                if (recent.size() > RECENT_CONSTANTS) {
                                    recent.removeFirst();
                                }
                            } else if (element instanceof InvokeInstruction invoke
                                    && invoke.owner().asInternalName().equals("java/util/ServiceLoader")
                                    && invoke.name().stringValue().startsWith("load")) {
                                loaded.addAll(recent);
                                recent.clear();
                            }
                        }
                    });
                }
            }
        }
    }

    /** Adds the service types that {@code jar} provides (services files or its descriptor) to {@code provided}. */
    private static void providedServices(Path jar, Set<String> provided) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
                    provided.add(name.substring("META-INF/services/".length()));
                }
            }
        }
        ModuleFinder.of(jar).findAll().forEach(reference -> reference.descriptor().provides()
                .forEach(p -> provided.add(p.service())));
    }

    /**
     * The packages each module lets others see, by module name: the JDK's modules and those of the
     * module path (an explicit module's unqualified exports; every package of an automatic one).
     */
    private static Map<String, Set<String>> visiblePackages(Path modulePath) {
        Map<String, Set<String>> visible = new HashMap<>();
        Stream.concat(ModuleFinder.ofSystem().findAll().stream(), ModuleFinder.of(modulePath).findAll().stream())
                .map(ModuleReference::descriptor)
                .forEach(module -> visible.putIfAbsent(module.name(), module.isAutomatic() ? module.packages()
                        : module.exports().stream().filter(e -> !e.isQualified())
                                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet())));
        return visible;
    }

    /** Whether {@code type} is in a package java.base or a module the descriptor requires lets it see. */
    private static boolean readableType(String type, Set<String> readable, Map<String, Set<String>> visible) {
        String pkg = packageOf(type);
        return Stream.concat(Stream.of("java.base"), readable.stream())
                .anyMatch(module -> visible.getOrDefault(module, Set.of()).contains(pkg));
    }

    /** Whether a type outside the jar is public: the JDK's, looked up; another library's, assumed. */
    private static boolean isPublicElsewhere(String type) {
        try {
            return Modifier.isPublic(Class.forName(type, false, ClassLoader.getPlatformClassLoader()).getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            // Another library's type: its own descriptor exports every package, and a type a
            // library loads as a service is public; keep it.
            return true;
        }
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "" : type.substring(0, dot);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
