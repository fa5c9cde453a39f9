#!/usr/bin/env bash
# examples/plugin/run.sh: the ONEX host with the Redis handler, used exactly like ./onex-host
# (`run.sh dev runtime.yaml --stdio`, `run.sh validate runtime.yaml`, `run.sh --version`, ...).
#
# Built as a third party builds a plugin: against the platform's installed artifacts, not its
# sources, in a private Maven repository (target/m2), by scripts/example-app.sh, which every
# example application shares and which describes the build.
#
# Environment: as scripts/example-app.sh says; ONEX_PLUGIN_TESTS=1 (build the plugin again with
# its unit tests, which start a real redis-server) is ONEX_EXAMPLE_TESTS=1.
set -euo pipefail
EXAMPLE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXAMPLE_LIB="$EXAMPLE_HOME/app/target/lib"
EXAMPLE_JAR="redis-app-1.0.0.jar"
EXAMPLE_MAIN="com.example.onex.app/com.example.onex.app.Main"
EXAMPLE_WHAT="the Redis plugin"
EXAMPLE_WHOSE="the plugin's"
ONEX_EXAMPLE_TESTS="${ONEX_EXAMPLE_TESTS:-${ONEX_PLUGIN_TESTS:-}}"
# shellcheck source=../../scripts/example-app.sh
source "$EXAMPLE_HOME/../../scripts/example-app.sh"
