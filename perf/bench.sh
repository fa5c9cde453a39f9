#!/usr/bin/env bash
# Builds the benchmark harness and runs it: `perf/bench.sh --quick` or `perf/bench.sh --full`
# (more arguments are passed to io.onex.perf.Bench). Run from anywhere; results land in
# perf/results/latest.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/java-env.sh
source "$root/scripts/java-env.sh"
cd "$root"
./scripts/mvn -q -pl perf -am package -DskipTests
# The harness runs as the module io.onex.perf on the module path, as an application runs a host.
# The class path (absolute: forks run in other folders) is only for the Kafka broker the testkit forks
# on it; the modules above take precedence over any copy of their packages there.
exec java -Xmx1g -p "$root/perf/target/classes:$root/perf/target/modules" -cp "$root/perf/target/lib/*" \
    -m io.onex.perf/io.onex.perf.Bench --perf-dir=perf "$@"
