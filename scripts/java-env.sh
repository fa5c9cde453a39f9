# Sourced by the project's scripts: selects a JDK 21 or newer (the build targets Java 25) and
# exports JAVA_HOME and PATH for it. The machine's default `java` may be older; it is left alone.
#
# Order: $ONEX_JAVA_HOME, $JAVA_HOME, then the newest JDK under /usr/lib/jvm.
# With ONEX_SKIP_BUILD=1 (a prebuilt host, e.g. in a container image) a JRE is enough.

onex_java_major() {
    local home=$1 version
    [ -x "$home/bin/java" ] || return 1
    [ "${ONEX_SKIP_BUILD:-}" = "1" ] || [ -x "$home/bin/javac" ] || return 1
    if [ -f "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    fi
    if [ -z "${version:-}" ]; then
        version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    fi
    [ -n "$version" ] && echo "$version"
}

onex_find_java_home() {
    local candidate major best="" best_major=0
    for candidate in "${ONEX_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
        [ -n "$candidate" ] || continue
        major=$(onex_java_major "$candidate") || continue
        if [ "$major" -ge 25 ]; then echo "$candidate"; return 0; fi
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
    done
    for candidate in /usr/lib/jvm/*; do
        [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
        major=$(onex_java_major "$candidate") || continue
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
    done
    [ -n "$best" ] && echo "$best"
}

if ! ONEX_SELECTED_JAVA_HOME=$(onex_find_java_home); then
    echo "onex-host: no JDK 21 or newer found (looked at \$ONEX_JAVA_HOME, \$JAVA_HOME and /usr/lib/jvm)." >&2
    echo "onex-host: install a JDK 25 (for example Temurin 25) or set ONEX_JAVA_HOME to one." >&2
    return 1 2>/dev/null || exit 1
fi
export JAVA_HOME=$ONEX_SELECTED_JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on a new JDK warns about sun.misc.Unsafe on every run; the warning is not ours.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
unset ONEX_SELECTED_JAVA_HOME
