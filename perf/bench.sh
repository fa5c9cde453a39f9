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
# An absolute class path: the Kafka round trip forks the broker and the bare relay on it, in other folders.
exec java -Xmx1g -cp "$root/perf/target/classes:$root/perf/target/lib/*" io.onex.perf.Bench --perf-dir=perf "$@"
