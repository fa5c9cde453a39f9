# Sourced by the project's scripts: selects a JDK 25 or newer (the build targets Java 25, so both
# building and running need 25) and exports JAVA_HOME and PATH for it. The machine's default
# `java` may be older; it is left alone.
#
# Order: $ONEX_JAVA_HOME, $JAVA_HOME, the `java` on $PATH, then the newest JDK under
# $ONEX_JVM_DIR (default /usr/lib/jvm). With ONEX_SKIP_BUILD=1 (a prebuilt host, e.g. in a
# container image) a JRE is enough. When none fits it says, in one line on standard error, what it
# needs and where it looked, and fails with exit code 2.

ONEX_JAVA_MIN=25

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

# The Java home of the `java` on PATH, if there is one.
onex_path_java_home() {
    local java
    java=$(command -v java 2>/dev/null) || return 1
    java=$(readlink -f "$java") || return 1
    dirname "$(dirname "$java")"
}

onex_find_java_home() {
    local candidate major best="" best_major=0
    for candidate in "${ONEX_JAVA_HOME:-}" "${JAVA_HOME:-}" "$(onex_path_java_home)"; do
        [ -n "$candidate" ] || continue
        major=$(onex_java_major "$candidate") || continue
        if [ "$major" -ge "$ONEX_JAVA_MIN" ]; then echo "$candidate"; return 0; fi
    done
    for candidate in "${ONEX_JVM_DIR:-/usr/lib/jvm}"/*; do
        [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
        major=$(onex_java_major "$candidate") || continue
        if [ "$major" -ge "$ONEX_JAVA_MIN" ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
    done
    [ -n "$best" ] && echo "$best"
}

if ! ONEX_SELECTED_JAVA_HOME=$(onex_find_java_home); then
    if [ "${ONEX_SKIP_BUILD:-}" = "1" ]; then onex_kind="Java runtime"; else onex_kind="JDK (with javac)"; fi
    echo "onex-host: needs a $onex_kind $ONEX_JAVA_MIN or newer and found none; looked at" \
        "\$ONEX_JAVA_HOME=${ONEX_JAVA_HOME:-(unset)}, \$JAVA_HOME=${JAVA_HOME:-(unset)}," \
        "the java on \$PATH ($(command -v java 2>/dev/null || echo none)) and ${ONEX_JVM_DIR:-/usr/lib/jvm}/*;" \
        "install a JDK $ONEX_JAVA_MIN (e.g. Temurin $ONEX_JAVA_MIN) or set ONEX_JAVA_HOME to one" >&2
    return 2 2>/dev/null || exit 2
fi
export JAVA_HOME=$ONEX_SELECTED_JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on a new JDK warns about sun.misc.Unsafe on every run; the warning is not ours.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
unset ONEX_SELECTED_JAVA_HOME
