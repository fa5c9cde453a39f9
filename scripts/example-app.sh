#!/usr/bin/env bash
# scripts/example-app.sh: builds an application module of examples/ (examples/plugin,
# examples/app) against the platform's installed artifacts, then runs it exactly like ./onex-host.
# An example's run.sh sets what differs and sources this file, which ends by exec'ing the JVM:
#
#   EXAMPLE_HOME   the example's folder, examples/NAME (its pom.xml is the Maven project to build)
#   EXAMPLE_LIB    the application's module path, written by the example's build
#   EXAMPLE_JAR    the application's jar in EXAMPLE_LIB, which a finished build has written
#   EXAMPLE_MAIN   the main class, as module/class
#   EXAMPLE_WHAT   the example in build messages ("the Redis plugin")
#   EXAMPLE_WHOSE  the same, possessive, in a failure ("the plugin's")
#
# Built as a third party builds an application: against the platform's installed artifacts, not
# its sources. On first use (and again when sources change) it
#   1. installs the platform (`-pl modules/wiring -am`, no tests) into a PRIVATE local Maven
#      repository, EXAMPLE_HOME/target/m2, from a copy of the platform's sources in
#      target/platform (so the platform's own build directories are never touched). target/m2
#      links to the user's local repository for everything but io.onex, so nothing is downloaded
#      again, and io.onex artifacts never reach the user's repository;
#   2. builds the example's Maven project against target/m2, which writes EXAMPLE_LIB.
# Each step writes its marker last (target/platform.installed, target/lib.complete) and removes it
# first, so a failed or killed build is never taken for a finished one. Build output goes to
# standard error, so standard output carries only what the host writes. Then it runs the
# application on the module path (java -p EXAMPLE_LIB -m EXAMPLE_MAIN) with the root launcher's
# JVM options (scripts/java-options.sh).
#
# Environment: ONEX_SKIP_BUILD=1 (run the existing build), ONEX_EXAMPLE_TESTS=1 (build the example
# again with its unit tests, `mvn verify`), ONEX_BUILD_TIMEOUT (seconds per build step, default
# 1200), ONEX_MAVEN_ARGS (extra Maven arguments, e.g. -o), ONEX_JAVA_OPTS, ONEX_JAVA_HOME,
# ONEX_JVM_DIR (as for onex-host). The user's local repository is read from -Dmaven.repo.local in
# MAVEN_OPTS or ONEX_MAVEN_ARGS, else ~/.m2/repository.
set -euo pipefail
: "${EXAMPLE_HOME:?}" "${EXAMPLE_LIB:?}" "${EXAMPLE_JAR:?}" "${EXAMPLE_MAIN:?}" "${EXAMPLE_WHAT:?}" "${EXAMPLE_WHOSE:?}"
# The repository the example sits in, two levels up (examples/NAME).
ONEX_HOME="$(cd "$EXAMPLE_HOME/../.." && pwd)"
# shellcheck source=java-env.sh
source "$ONEX_HOME/scripts/java-env.sh"
target="$EXAMPLE_HOME/target"
repo="$target/m2"
platform="$target/platform"
installed="$target/platform.installed"
lib="$EXAMPLE_LIB"
marker="$target/lib.complete"
build_timeout="${ONEX_BUILD_TIMEOUT:-1200}"
with_tests="${ONEX_EXAMPLE_TESTS:-}"

say() {
    echo "run.sh: $*" >&2
}

# The platform's version, from the root pom (the first <version> after onex-parent's artifactId).
platform_version() {
    sed -n '/<artifactId>onex-parent<\/artifactId>/,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' \
        "$ONEX_HOME/pom.xml" | head -1
}

# The user's local Maven repository: the last -Dmaven.repo.local in MAVEN_OPTS or ONEX_MAVEN_ARGS.
user_repository() {
    local found
    # shellcheck disable=SC2086
    found=$(printf '%s\n' ${MAVEN_OPTS:-} ${ONEX_MAVEN_ARGS:-} | sed -n 's/^-Dmaven\.repo\.local=//p' | tail -1)
    echo "${found:-$HOME/.m2/repository}"
}

needs_platform() {
    [ -f "$installed" ] || return 0
    [ -n "$(find "$ONEX_HOME/pom.xml" "$ONEX_HOME/modules" -newer "$installed" \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -print -quit 2>/dev/null)" ]
}

needs_example() {
    [ -f "$marker" ] && [ -d "$lib" ] || return 0
    [ "$installed" -nt "$marker" ] && return 0
    [ -n "$(find "$EXAMPLE_HOME" -path "$target" -prune -o -name target -prune -o -newer "$marker" \
        \( -name pom.xml -o -path '*/src/*' \) -type f -print -quit 2>/dev/null)" ]
}

# target/m2: a link to each entry of the user's repository, except io/onex. Run before every
# build, so what the user's repository gained since is seen too.
seed_repository() {
    local source entry name
    source=$(user_repository)
    mkdir -p "$repo/io"
    [ -d "$source" ] || return 0
    for entry in "$source"/* "$source"/io/*; do
        [ -e "$entry" ] || continue
        name=${entry#"$source"/}
        case "$name" in
            io|io/onex) continue ;;
        esac
        [ -e "$repo/$name" ] || [ -L "$repo/$name" ] || ln -s "$entry" "$repo/$name"
    done
}

# Runs Maven, bounded, its output on standard error (colour resets stripped).
maven() {
    local status=0
    # shellcheck disable=SC2086
    timeout --kill-after=30 "$build_timeout" "$ONEX_HOME/scripts/mvn" -q ${ONEX_MAVEN_ARGS:-} \
        "-Dmaven.repo.local=$repo" "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2 || status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        say "the build step did not finish within ${build_timeout} s (ONEX_BUILD_TIMEOUT) and was stopped"
    fi
    return "$status"
}

install_platform() {
    say "installing the ONEX platform $(platform_version) into $repo (first use or changed sources)..."
    rm -f "$installed"
    seed_repository
    rm -rf "$platform"
    mkdir -p "$platform" || return 1
    # The root pom names every module; those outside modules/ are not built here and need only their pom.
    local poms
    poms=$(sed -n 's:.*<module>\(.*\)</module>.*:\1/pom.xml:p' "$ONEX_HOME/pom.xml" | grep -v '^modules/')
    # shellcheck disable=SC2086
    tar -C "$ONEX_HOME" --exclude=target -cf - pom.xml modules $poms | tar -C "$platform" -xf - || return 1
    maven -f "$platform/pom.xml" -pl modules/wiring -am -Dmaven.test.skip=true install || return 1
    platform_version > "$installed.tmp" && mv "$installed.tmp" "$installed"
}

build_example() {
    local goal=(package -DskipTests)
    if [ "$with_tests" = "1" ]; then
        goal=(verify)
        say "building $EXAMPLE_WHAT and running its tests..."
    else
        say "building $EXAMPLE_WHAT (first use or changed sources)..."
    fi
    rm -f "$marker"
    rm -rf "$lib"
    seed_repository
    maven -f "$EXAMPLE_HOME/pom.xml" "-Donex.version=$(platform_version)" "${goal[@]}" || return 1
    [ -f "$lib/$EXAMPLE_JAR" ] || { say "the build wrote no $lib/$EXAMPLE_JAR"; return 1; }
    date -u +%FT%TZ > "$marker.tmp" && mv "$marker.tmp" "$marker"
}

if [ "${ONEX_SKIP_BUILD:-}" != "1" ] && { needs_platform || needs_example || [ "$with_tests" = "1" ]; }; then
    mkdir -p "$target"
    (
        # One build at a time, even when several commands start together.
        flock -w 1800 9 || { say "timed out waiting for another build"; exit 1; }
        if needs_platform; then
            install_platform || { say "installing the platform failed (see above)"; exit 1; }
        fi
        if needs_example || [ "$with_tests" = "1" ]; then
            build_example || { say "$EXAMPLE_WHOSE build failed (see above); fix it and run the command again"; exit 1; }
        fi
    ) 9>"$target/.build.lock"
elif [ "${ONEX_SKIP_BUILD:-}" = "1" ] && [ ! -f "$marker" ]; then
    say "ONEX_SKIP_BUILD=1 but there is no finished build at $lib; run without it once"
    exit 1
fi

# The same JVM options as ./onex-host.
# shellcheck source=java-options.sh
source "$ONEX_HOME/scripts/java-options.sh"
java_opts=${ONEX_JAVA_OPTS:-$(onex_default_java_opts_for "$@")}
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${onex_required_java_opts[@]}" $java_opts --module-path "$lib" -m "$EXAMPLE_MAIN" "$@"
