#!/usr/bin/env bash
# Links the runtime image of the ONEX Runtime Host: `make image` runs this.
#
#   image/build-image.sh [--distribution NAME] [OUTPUT_DIR]
#
# NAME (or the environment variable DISTRIBUTION; `make image DISTRIBUTION=NAME`) chooses the
# composition module whose module graph is linked (docs/OPERATIONS.md, "Custom distributions"):
#   full        io.onex.wiring, the full host: every built-in handler and bus (the default;
#               image/target/onex-host)
#   http-kafka  io.onex.distribution.http.kafka: the local and http handlers, the in-memory and
#               Kafka buses, env and file secrets; no db, vault or consul handler, no r2dbc, Netty
#               or Vault client (image/target/onex-host-http-kafka)
#   plugin      com.example.onex.app, the application of examples/plugin: the full host and its
#               Redis handler (image/target/onex-host-plugin)
#
# 1. Builds the distribution's module path (only on first use or when sources changed):
#    modules/wiring/target/lib exactly as ./onex-host does, modules/distribution-http-kafka/
#    target/lib, or examples/plugin/app/target/lib as its run.sh does. A module path holds the
#    composition module and what it requires, and nothing else.
# 2. Gives every automatic module of it (kafka-clients, r2dbc, reactor, netty, micrometer,
#    SmallRye, ...) a module descriptor: drafted by `jdeps --generate-module-info`, completed by
#    tools/CompleteDescriptors.java (open module, `uses` for the services it loads, optional JDK
#    modules such as java.desktop made `requires static`), compiled by javac and put into a copy
#    of the jar with `jar --update`. jlink refuses automatic modules.
# 3. Links the modules with only the JDK modules they require (jlink resolves them from the
#    descriptors), stripped (--strip-debug, and the native libraries' symbol tables), compressed
#    (zip-6), without other platforms' native libraries nor the jars' build files (Maven poms,
#    change logs, read-mes).
# 4. Adds bin/onex-host and its JVM options (scripts/java-options.sh), then starts the image once
#    on the quick start to record a class-data-sharing archive of the classes a start loads, the
#    JDK's and the host's, lib/onex-host.jsa.
# 5. Packs the image into a tarball beside it and prints, as its last line, the image's path.
#
# Every step is bounded in time. Environment: as ./onex-host (ONEX_MAVEN_ARGS, ONEX_JAVA_HOME, ...).
set -euo pipefail
ONEX_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$ONEX_HOME/image"
# shellcheck source=../scripts/java-env.sh
source "$ONEX_HOME/scripts/java-env.sh"
# JDK modules that only optional features of a library use; the generated descriptors require them
# `static`, so they are not linked: java.desktop (java.beans, in Micrometer's optional binders) and
# java.sql (Micrometer's JDBC binders; it would bring java.xml too). The host uses neither.
excluded_jdk_modules="java.desktop,java.sql"

step() { echo "image: $*" >&2; }
bounded() { local seconds=$1; shift; timeout "$seconds" "$@"; }

distribution=${DISTRIBUTION:-full}
if [ "${1:-}" = --distribution ]; then
    [ $# -ge 2 ] || { echo "image: --distribution needs a name: full, http-kafka or plugin" >&2; exit 2; }
    distribution=$2
    shift 2
fi
case "$distribution" in
    full)
        image_name=onex-host
        main=io.onex.wiring/io.onex.wiring.Main
        lib="$ONEX_HOME/modules/wiring/target/lib"
        ;;
    http-kafka)
        image_name=onex-host-http-kafka
        main=io.onex.distribution.http.kafka/io.onex.distribution.http.kafka.Main
        lib="$ONEX_HOME/modules/distribution-http-kafka/target/lib"
        ;;
    plugin)
        image_name=onex-host-plugin
        main=com.example.onex.app/com.example.onex.app.Main
        lib="$ONEX_HOME/examples/plugin/app/target/lib"
        ;;
    *) echo "image: unknown distribution '$distribution': full, http-kafka or plugin" >&2; exit 2 ;;
esac
out="$(realpath -m "${1:-$here/target/$image_name}")"
work="$here/target/image-work-$distribution"

# The http-kafka module path is finished when its marker is there (written after a build that
# succeeded, removed before one starts), and current when no source or pom is newer than it.
distribution_marker="$ONEX_HOME/modules/distribution-http-kafka/target/lib.complete"
distribution_needs_build() {
    [ -f "$distribution_marker" ] && [ -f "$lib/onex-distribution-http-kafka.jar" ] || return 0
    [ -n "$(find "$ONEX_HOME/pom.xml" "$ONEX_HOME/modules" -newer "$distribution_marker" \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -print -quit 2>/dev/null)" ]
}

case "$distribution" in
    full)
        step "building the host's module path (as ./onex-host does)"
        version_line=$(ONEX_SKIP_BUILD='' bounded 1200 "$ONEX_HOME/onex-host" --version)
        ;;
    http-kafka)
        if [ "${ONEX_SKIP_BUILD:-}" != 1 ] && distribution_needs_build; then
            step "building the http-kafka distribution's module path"
            rm -f "$distribution_marker"
            # shellcheck disable=SC2086
            bounded 1200 "$ONEX_HOME/scripts/mvn" -q -pl modules/distribution-http-kafka -am -Dmaven.test.skip=true \
                ${ONEX_MAVEN_ARGS:-} package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
            [ "${PIPESTATUS[0]}" = 0 ] && [ -f "$lib/onex-distribution-http-kafka.jar" ] \
                || { echo "image: the build of the http-kafka distribution failed (see above)" >&2; exit 1; }
            echo "$(date -u +%FT%TZ)" >"$distribution_marker"
        fi
        version_line=$(bounded 120 "$JAVA_HOME/bin/java" --module-path "$lib" -m "$main" --version)
        ;;
    plugin)
        step "building the plugin application's module path (as examples/plugin/run.sh does)"
        version_line=$(ONEX_SKIP_BUILD='' bounded 2400 "$ONEX_HOME/examples/plugin/run.sh" --version)
        ;;
esac
version=${version_line##* }

# One image build at a time in this checkout: they share the work folder.
mkdir -p "$here/target"
exec 9>"$here/target/.image.lock"
flock -w 1800 9 || { echo "image: timed out waiting for another image build" >&2; exit 1; }
# The output folder is replaced: refuse to empty a folder that is not an earlier image.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -x "$out/bin/onex-host" ]; then
    echo "image: $out exists and is not an image this script made; name a new or empty folder" >&2
    exit 2
fi
rm -rf "$work" "$out"
mkdir -p "$work/mods" "$work/src" "$work/classes"
cp "$lib"/*.jar "$work/mods/"
mods="$work/mods"

# SLF4J 1.7 binds at compile time: the API (org.slf4j) loads org.slf4j.impl.StaticLoggerBinder from
# whichever binding jar is present, and the binding requires the API, a cycle that explicit modules
# cannot have. The no-operation binding (kept for a silent standard error, see the root pom) is
# folded into the API's jar: one module org.slf4j holding both.
api=$(find "$mods" -maxdepth 1 -name 'slf4j-api-*.jar' -print -quit)
nop=$(find "$mods" -maxdepth 1 -name 'slf4j-nop-*.jar' -print -quit)
if [ -n "$api" ] && [ -n "$nop" ]; then
    step "folding $(basename "$nop") into $(basename "$api")"
    mkdir -p "$work/slf4j-nop"
    (cd "$work/slf4j-nop" && bounded 60 "$JAVA_HOME/bin/jar" --extract --file "$nop" org/slf4j/impl)
    bounded 60 "$JAVA_HOME/bin/jar" --update --file "$api" -C "$work/slf4j-nop" org
    rm "$nop"
fi

# The modules of the module path being prepared, one "name path [automatic]" line each.
library_modules() {
    bounded 120 "$JAVA_HOME/bin/java" --module-path "$mods" --list-modules \
        | sed -n -E "s#^([^@ ]+)(@[^ ]*)? file://($mods/[^ ]+)( automatic)?\$#\1 \3\4#p"
}

# Native libraries for other systems (zstd-jni, snappy-java and lz4-java carry one per platform,
# Netty a macOS resolver) are removed before the
# jars get their descriptors: the image runs only on the kind of system it was linked on.
case "$(uname -m)" in
    x86_64 | amd64) arch='(amd64|x86_64|x86-64)' ;;
    aarch64 | arm64) arch='(aarch64|arm64)' ;;
    *) arch="($(uname -m))" ;;
esac
native='\.(so|a|dylib|jnilib|dll)'
foreign_natives="(.*/)?(aix|AIX|darwin|Darwin|Mac|osx|freebsd|FreeBSD|win|win32|Windows|SunOS)/.*$native"
foreign_natives+="|(.*/)?(linux|Linux)/(?!$arch/)[^/]+/.*$native|.*\.(dylib|jnilib|dll)"
bounded 300 "$JAVA_HOME/bin/java" "$here/tools/DropForeignNatives.java" "$mods" "$foreign_natives" >&2


declare -A jar_of=()
automatic=()
while read -r name jar kind; do
    if [ "$kind" = automatic ]; then
        jar_of[$name]=$jar
        automatic+=("$jar")
    fi
done < <(library_modules)
step "${#automatic[@]} automatic modules get descriptors"

bounded 600 "$JAVA_HOME/bin/jdeps" --module-path "$mods" --ignore-missing-deps --multi-release "$(onex_java_major "$JAVA_HOME")" \
    --generate-module-info "$work/jdeps" "${automatic[@]}" >"$work/jdeps.log" 2>&1 \
    || { cat "$work/jdeps.log" >&2; exit 1; }
pairs=()
for name in "${!jar_of[@]}"; do
    generated=$(find "$work/jdeps/$name" -name module-info.java -print -quit)
    [ -n "$generated" ] || { echo "image: jdeps wrote no descriptor for $name" >&2; exit 1; }
    mkdir -p "$work/src/$name"
    mv "$generated" "$work/src/$name/module-info.java"
    pairs+=("$work/src/$name/module-info.java" "${jar_of[$name]}")
done
bounded 600 "$JAVA_HOME/bin/java" "$here/tools/CompleteDescriptors.java" "$mods" "$excluded_jdk_modules" "${pairs[@]}"

patches=()
for name in "${!jar_of[@]}"; do
    patches+=(--patch-module "$name=${jar_of[$name]}")
done
step "compiling the descriptors"
bounded 900 "$JAVA_HOME/bin/javac" -nowarn -Xlint:none -d "$work/classes" --module-source-path "$work/src" \
    --module-path "$mods" "${patches[@]}" "$work"/src/*/module-info.java
for name in "${!jar_of[@]}"; do
    printf '%s\0%s\0' "${jar_of[$name]}" "$work/classes/$name"
done | bounded 900 xargs -0 -n 2 -P 2 sh -c '"$0" --update --file "$1" -C "$2" module-info.class' "$JAVA_HOME/bin/jar"

# Every module of the host's module path, now all explicit: the roots of the link and of each launch.
modules=()
while read -r name jar kind; do
    [ "$kind" != automatic ] || { echo "image: $name is still an automatic module" >&2; exit 1; }
    modules+=("$name")
done < <(library_modules)
root_modules=$(IFS=,; echo "${modules[*]}")

step "linking $out (distribution $distribution)"
# zip-6: zip-9 saves only 0.1 MB and inflates no faster (a slower /health/ready start in an A/B,
# docs/PERFORMANCE.md). The jars' build files (Maven poms, change logs, read-mes) are not linked;
# their licence files are.
bounded 900 "$JAVA_HOME/bin/jlink" --module-path "$mods" --add-modules "$root_modules" \
    --strip-debug --no-man-pages --no-header-files --compress zip-6 \
    --exclude-resources='**/META-INF/maven/**,**.md,**/META-INF/CHANGELOG' \
    --output "$out" >"$work/jlink.log" 2>&1 || { cat "$work/jlink.log" >&2; exit 1; }
# The JDK's native libraries keep their symbol tables, which only a debugger or a crash report's
# frame names use; jlink's --strip-native-debug-symbols removes debug sections only (there are none).
if command -v objcopy >/dev/null; then
    find "$out/lib" -name '*.so' -type f -print0 | bounded 300 xargs -0 -r -n 1 objcopy --strip-unneeded
else
    step "objcopy not found: the native libraries keep their symbol tables (about 5 MB)"
fi

mkdir -p "$out/conf/onex"
cp "$ONEX_HOME/scripts/java-options.sh" "$out/conf/onex/java-options.sh"
echo "--add-modules $root_modules" >"$out/conf/onex/modules.args"
echo "-m $main" >"$out/conf/onex/main.args"
echo "$distribution" >"$out/conf/onex/distribution"
# Every module linked, one name a line: bin/onex-host passes --enable-native-access only for these.
bounded 60 "$out/bin/java" --list-modules | sed -E 's/[@ ].*//' >"$out/conf/onex/linked-modules"
cp "$here/onex-host" "$out/bin/onex-host"
chmod 755 "$out/bin/onex-host"

# The class-data archive: one start of the quick start over stdio, with standard input closed at
# once (the host starts, finds the end of its input, drains and stops), lists the classes a start
# loads, the JDK's and the host's, and a dump maps them into lib/onex-host.jsa, which bin/onex-host
# names on every start. One static archive serves both, so the JDK's default archive is not
# generated. The classes of the first envelope (the resilience guard's) are left out: 2.5 MB
# smaller, for about a quarter of a second more on the first response on a busy machine
# (docs/PERFORMANCE.md).
step "recording the class-data archive (one quick-start start)"
ONEX_JAVA_OPTS="-XX:+UseSerialGC -Xshare:off -XX:DumpLoadedClassList=$work/classlist" \
    bounded 300 "$out/bin/onex-host" dev "$ONEX_HOME/examples/quickstart/runtime.yaml" --stdio </dev/null \
    >"$work/training.out" 2>"$work/training.err" || { cat "$work/training.err" >&2; exit 1; }
grep -q '"message":"runtime host stopped"' "$work/training.err" \
    || { echo "image: the quick start did not start and stop" >&2; cat "$work/training.err" >&2; exit 1; }
ONEX_JAVA_OPTS="-XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile=$work/classlist -XX:SharedArchiveFile=$out/lib/onex-host.jsa" \
    bounded 300 "$out/bin/onex-host" --version >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
[ -f "$out/lib/onex-host.jsa" ] || { echo "image: no class-data archive was written" >&2; cat "$work/dump.log" >&2; exit 1; }

# lib/jrt-fs.jar lets tools on another JDK read this image's classes (an IDE, for example); a
# runtime image does not need it, and holds no jar at all.
rm -f "$out/lib/jrt-fs.jar"
if [ -n "$(find "$out" -name '*.jar' -print -quit)" ]; then
    echo "image: a jar file was left in the image: $(find "$out" -name '*.jar' | head -3)" >&2
    exit 1
fi
tarball="$(dirname "$out")/$image_name-$version-linux-$(uname -m).tar.gz"
bounded 300 tar -C "$(dirname "$out")" -czf "$tarball" "$(basename "$out")"
step "$(du -sb "$out" | awk '{printf "%.1f MB", $1 / 1e6}') image ($distribution), $(du -h "$tarball" | cut -f1) tarball $tarball"
echo "$out"
