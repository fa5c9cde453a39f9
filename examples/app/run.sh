#!/usr/bin/env bash
# examples/app/run.sh: the ONEX host with this folder's node code (pricing, discount), used exactly
# like ./onex-host (`run.sh run runtime.yaml --stdio`, `run.sh validate runtime.yaml`, ...).
#
# Built as an application team builds one: against the platform's installed artifacts, not its
# sources, in a private Maven repository (target/m2), by scripts/example-app.sh, which every
# example application shares and which describes the build and its environment variables
# (ONEX_EXAMPLE_TESTS=1 builds again with the nodes' unit tests).
set -euo pipefail
EXAMPLE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXAMPLE_LIB="$EXAMPLE_HOME/target/lib"
EXAMPLE_JAR="pricing-app-1.0.0.jar"
EXAMPLE_MAIN="com.example.onex.pricing/com.example.onex.pricing.Main"
EXAMPLE_WHAT="the pricing application"
EXAMPLE_WHOSE="the application's"
# shellcheck source=../../scripts/example-app.sh
source "$EXAMPLE_HOME/../../scripts/example-app.sh"
