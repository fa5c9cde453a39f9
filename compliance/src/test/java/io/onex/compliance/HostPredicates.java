package io.onex.compliance;

import static com.tngtech.archunit.base.DescribedPredicate.describe;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.onex.host.api.Handler;
import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The predicates and conditions that {@link ArchitectureRules} is written in. */
final class HostPredicates {

    private static final String CONSTRUCTOR = JavaConstructor.CONSTRUCTOR_NAME;

    private HostPredicates() {
    }

    /**
     * Matches handler code: every class in {@code io.onex.handler..}, every implementation of
     * {@link Handler} wherever it lives, and the classes nested in one (anonymous classes
     * included; lambdas compile into their enclosing class and are covered with it).
     */
    static DescribedPredicate<JavaClass> handlerCode() {
        return describe("are handler code (in io.onex.handler.., or a Handler implementation and its nested classes)",
                javaClass -> javaClass.getPackageName().startsWith("io.onex.handler.")
                        || javaClass.getPackageName().equals("io.onex.handler")
                        || isOrIsNestedIn(javaClass, Handler.class));
    }

    /** Matches classes in a package that {@code java.base} exports to everyone, and primitives. */
    static DescribedPredicate<JavaClass> exportedByJavaBase() {
        Set<String> packages = ModuleLayer.boot().findModule("java.base").orElseThrow()
                .getDescriptor().exports().stream()
                .filter(exports -> !exports.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toUnmodifiableSet());
        return describe("are in java.base's exported packages", javaClass -> {
            JavaClass base = javaClass.getBaseComponentType();
            return base.isPrimitive() || packages.contains(base.getPackageName());
        });
    }

    /**
     * Matches calls of, and method references to, the named methods (or, with {@code "<init>"},
     * constructors) of {@code owner} or its subtypes.
     */
    static DescribedPredicate<JavaAccess<?>> callTo(String description, Class<?> owner, String... names) {
        Set<String> wanted = Set.of(names);
        return describe(description, access -> codeUnitTarget(access)
                .filter(target -> target.getOwner().isAssignableTo(owner) && wanted.contains(target.getName()))
                .isPresent());
    }

    /** Matches calls of, and references to, any method or constructor of {@code owner} or its subtypes. */
    static DescribedPredicate<JavaAccess<?>> anyCallTo(String description, Class<?> owner) {
        return describe(description, access -> codeUnitTarget(access)
                .filter(target -> target.getOwner().isAssignableTo(owner))
                .isPresent());
    }

    /** Matches calls of, and references to, the constructors of {@code owner} or its subtypes. */
    static DescribedPredicate<JavaAccess<?>> constructionOf(String description, Class<?> owner) {
        return callTo(description, owner, CONSTRUCTOR);
    }

    /**
     * Matches the {@code ...Async} methods of {@link java.util.concurrent.CompletionStage} that
     * take no {@link java.util.concurrent.Executor}: they run their work on the common
     * fork-join pool.
     */
    static DescribedPredicate<JavaAccess<?>> asyncCallWithoutExecutor() {
        return describe("CompletionStage.*Async without an Executor", access -> codeUnitTarget(access)
                .filter(target -> target.getOwner().isAssignableTo(java.util.concurrent.CompletionStage.class)
                        && target.getName().endsWith("Async"))
                .map(AccessTarget.CodeUnitAccessTarget::getRawParameterTypes)
                .filter(parameters -> parameters.isEmpty()
                        || !parameters.getLast().isAssignableTo(java.util.concurrent.Executor.class))
                .isPresent());
    }

    /**
     * Matches accesses that build an instance of {@code type} from outside the implementation:
     * calls of (or references to) its constructors, its static methods that return a
     * {@code type}, and the methods returning a {@code type} of the classes nested in it (its
     * builders). An implementation building itself (a static factory, a nested builder, a
     * subclass's {@code super(...)}) is not matched: the access that counts is the one that asks
     * for it.
     */
    static DescribedPredicate<JavaAccess<?>> buildsFromOutside(Class<?> type) {
        String simpleName = type.getSimpleName();
        return describe("target is a constructor, static factory or builder of a " + simpleName + " implementation",
                access -> codeUnitTarget(access)
                        .flatMap(target -> implementationBuiltBy(target, type))
                        .filter(implementation -> !isOrIsNestedIn(access.getOriginOwner(), implementation))
                        .isPresent());
    }

    /** Matches reads of {@code System.out} and {@code System.err}. */
    static DescribedPredicate<JavaFieldAccess> standardStreamAccess() {
        return describe("target is System.out or System.err", access ->
                access.getTarget().getOwner().isEquivalentTo(System.class)
                        && Set.of("out", "err").contains(access.getTarget().getName()));
    }

    /**
     * Matches every class but the stdio bridge, which is the top-level classes named
     * {@code Stdio*} in io.onex.host.core.runtime and the classes nested in them.
     */
    static DescribedPredicate<JavaClass> outsideTheStdioBridge() {
        return describe("are not the stdio bridge (io.onex.host.core.runtime.Stdio*)", javaClass ->
                !javaClass.getPackageName().equals("io.onex.host.core.runtime")
                        || !javaClass.getName().substring(javaClass.getPackageName().length() + 1).startsWith("Stdio"));
    }

    /** Matches classes that can be instantiated: neither interfaces nor abstract. */
    static DescribedPredicate<JavaClass> concrete() {
        return describe("are concrete", javaClass ->
                !javaClass.isInterface() && !javaClass.getModifiers().contains(JavaModifier.ABSTRACT));
    }

    /** Returns the method or constructor an access calls or references; empty for a field access. */
    private static Optional<AccessTarget.CodeUnitAccessTarget> codeUnitTarget(JavaAccess<?> access) {
        return access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target ? Optional.of(target)
                : Optional.empty();
    }

    /**
     * Returns the implementation of {@code type} that {@code target} builds, if it builds one: a
     * constructor of an implementation, a static method of an implementation that returns a
     * {@code type}, or a method returning a {@code type} of a class nested in an implementation.
     */
    private static Optional<JavaClass> implementationBuiltBy(AccessTarget.CodeUnitAccessTarget target, Class<?> type) {
        JavaClass owner = target.getOwner();
        if (owner.isEquivalentTo(type)) {
            return Optional.empty();
        }
        if (target.getName().equals(CONSTRUCTOR)) {
            return owner.isAssignableTo(type) ? Optional.of(owner) : Optional.empty();
        }
        if (!target.getRawReturnType().isAssignableTo(type)) {
            return Optional.empty();
        }
        if (owner.isAssignableTo(type)) {
            boolean isStatic = target.resolveMember()
                    .map(member -> member.getModifiers().contains(JavaModifier.STATIC))
                    .orElse(false);
            return isStatic ? Optional.of(owner) : Optional.empty();
        }
        return enclosingImplementation(owner, type);
    }

    private static Optional<JavaClass> enclosingImplementation(JavaClass javaClass, Class<?> type) {
        // Bounded by the nesting depth of the class, which the class file fixes.
        for (Optional<JavaClass> current = javaClass.getEnclosingClass(); current.isPresent();
                current = current.get().getEnclosingClass()) {
            if (current.get().isAssignableTo(type)) {
                return current;
            }
        }
        return Optional.empty();
    }

    /** Returns whether {@code javaClass}, or a class it is nested in, is assignable to {@code type}. */
    private static boolean isOrIsNestedIn(JavaClass javaClass, Class<?> type) {
        return isOrIsNestedIn(javaClass, current -> current.isAssignableTo(type));
    }

    /** Returns whether {@code javaClass}, or a class it is nested in, is assignable to {@code type}. */
    private static boolean isOrIsNestedIn(JavaClass javaClass, JavaClass type) {
        return isOrIsNestedIn(javaClass, current -> current.isAssignableTo(type.getName()));
    }

    private static boolean isOrIsNestedIn(JavaClass javaClass, Predicate<JavaClass> test) {
        // Bounded by the nesting depth of the class, which the class file fixes.
        for (Optional<JavaClass> current = Optional.of(javaClass); current.isPresent();
                current = current.get().getEnclosingClass()) {
            if (test.test(current.get())) {
                return true;
            }
        }
        return false;
    }
}
