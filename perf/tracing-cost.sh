#!/usr/bin/env bash
# What tracing costs a host that does not trace (issue 18: throughput with tracing off within 3% of
# the throughput before tracing existed), measured as users run the host, whole process against
# whole process, in one run (docs/PERFORMANCE.md, "What tracing costs when it is off"):
#
#   perf/tracing-cost.sh [ROUNDS] [ENVELOPES]     default 7 rounds of 300000 envelopes
#
# Builds two trees side by side under target/tracing-cost/ (never in the repository's own build
# folders): "before", the commit before tracing landed (the first parent of the merge of branch
# 'tracing'; ONEX_TRACING_COST_BEFORE=<rev> picks another), exported with `git archive`, and
# "now", a copy of the working tree as it is (committed or not). Each builds itself through its
# own ./onex-host. Then every round runs, one after the other in an order that rotates from round
# to round, four launches of `onex-host dev runtime.yaml --stdio < ENVELOPES lines`, ten local
# echo nodes on the in-memory bus, requests spread round-robin over the nodes:
#
#   before     the tree before tracing, its contract without runtime.tracing
#   off        the current tree, the same contract (tracing off: no section)
#   disabled   the current tree, runtime.tracing with an endpoint and `enabled: false` (the same
#              code path as "off": their ratio, the last row, is what noise alone does in the run)
#   ratio0     the current tree, runtime.tracing with an endpoint and `sample_ratio: 0` (spans are
#              built but not recorded; nothing is exported)
#
# Three measures of each launch, every one of which must answer every envelope with success:
#   whole process   ENVELOPES / the launch's whole wall-clock time, JVM start and stop included;
#   after start-up  the envelopes per second from the first response on standard output to the
#                   last, which leaves out the start-up (the trees differ in modules to resolve);
#   CPU             the process's CPU time (user + system, every thread, /usr/bin/time) per
#                   envelope, which a busy machine inflates less than wall-clock time.
# Reported: each variant's median and spread (min-max) over the rounds, and its ratio to "before"
# in the same round: median and spread. Every launch uses the same JVM options:
# ONEX_PERF_HOST_JAVA_OPTS, or the current tree's launcher defaults (scripts/java-options.sh), so a
# later change of the defaults does not skew the comparison. Needs git, python3 and /usr/bin/time.
# The builds take a few minutes each the first time; a round of 300000 envelopes about a minute.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${1:-7}
envelopes=${2:-300000}
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "usage: $0 [ROUNDS 1-99] [ENVELOPES]" >&2; exit 2; }
[[ "$envelopes" =~ ^[1-9][0-9]{2,7}$ ]] || { echo "usage: $0 [ROUNDS] [ENVELOPES 100-99999999]" >&2; exit 2; }
cd "$root"

before_rev=${ONEX_TRACING_COST_BEFORE:-}
if [ -z "$before_rev" ]; then
    merge=$(git log --merges --format='%H %s' | awk '$2 == "Merge" && $3 == "branch" && $4 == "'"'tracing'"'" {print $1; exit}')
    [ -n "$merge" ] || { echo "no merge of branch 'tracing' in this history; set ONEX_TRACING_COST_BEFORE" >&2; exit 1; }
    before_rev="$merge^1"
fi
before_commit=$(git rev-parse --verify "$before_rev^{commit}")

work="$root/target/tracing-cost"
mkdir -p "$work"
before="$work/before-${before_commit:0:12}"
now="$work/now"

# The tree before tracing: exported once per commit and kept, so a second run reuses its build.
if [ ! -f "$before/onex-host" ]; then
    rm -rf "$before.tmp"
    mkdir -p "$before.tmp"
    git archive "$before_commit" | tar -x -C "$before.tmp"
    mv "$before.tmp" "$before"
fi
# The current tree: its tracked and untracked files as they are now (not the ignored build output),
# synchronised into the copy, whose own ./onex-host then rebuilds only what changed.
git ls-files -z --cached --others --exclude-standard | python3 -c '
import os, shutil, sys
now = sys.argv[1]
files = {f for f in sys.stdin.read().split("\0") if f and os.path.isfile(f)}
manifest = os.path.join(now, ".copied")
if os.path.exists(manifest):
    for stale in set(open(manifest).read().split("\0")) - files - {""}:
        if os.path.isfile(os.path.join(now, stale)):
            os.remove(os.path.join(now, stale))
for f in files:
    dest = os.path.join(now, f)
    s = os.stat(f)
    if not os.path.exists(dest) or os.stat(dest).st_size != s.st_size or int(os.stat(dest).st_mtime) != int(s.st_mtime):
        os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
        shutil.copy2(f, dest)
with open(manifest, "w") as out:
    out.write("\0".join(sorted(files)))
' "$now"

for tree in "$before" "$now"; do
    echo "building $tree ..." >&2
    nice "$tree/onex-host" --version >/dev/null
done

# The same JVM options for every launch.
# shellcheck source=../scripts/java-options.sh
source "$root/scripts/java-options.sh"
export ONEX_JAVA_OPTS=${ONEX_PERF_HOST_JAVA_OPTS:-$onex_default_java_opts}
export ONEX_SKIP_BUILD=1

# Contracts: ten echo nodes, as perf/'s load driver hosts them; three runtime files.
contracts="$work/contracts"
rm -rf "$contracts"
mkdir -p "$contracts/nodes"
for ((n = 0; n < 10; n++)); do
    cat >"$contracts/nodes/echo_$n.yaml" <<EOF
schema_version: "1.0.0"
name: echo_$n
node_type: EFFECT
io_operations:
  - handler: local
    operations: [local.echo]
EOF
done
runtime_yaml() {
    cat <<EOF
schema_version: "1.0.0"
runtime:
  name: perf_echo
  version: "1.0.0"
  environment: dev
  event_bus:
    kind: inmemory
  handlers:
    - type: local
  nodes_dir: nodes
  shutdown: { grace_seconds: 5 }
$1
EOF
}
# No collector listens on the endpoint: with sample_ratio 0 no span is ever recorded, so nothing
# is sent; with enabled: false no exporter is even built.
endpoint='http://127.0.0.1:9/v1/traces'
runtime_yaml "" >"$contracts/plain.yaml"
runtime_yaml "  tracing: { enabled: false, endpoint: \"$endpoint\" }" >"$contracts/disabled.yaml"
runtime_yaml "  tracing: { endpoint: \"$endpoint\", sample_ratio: 0 }" >"$contracts/ratio0.yaml"

input="$work/envelopes-$envelopes.jsonl"
if [ ! -f "$input" ]; then
    python3 - "$envelopes" >"$input.tmp" <<'EOF'
import sys
for i in range(int(sys.argv[1])):
    print('{"target_node":"echo_%d","handler_type":"local","operation":"local.echo","payload":{"n":%d,"text":"tracing cost"}}' % (i % 10, i))
EOF
    mv "$input.tmp" "$input"
fi

variants=(before off disabled ratio0)
declare -A launcher=([before]="$before/onex-host" [off]="$now/onex-host" [disabled]="$now/onex-host" [ratio0]="$now/onex-host")
declare -A contract=([before]=plain [off]=plain [disabled]=disabled [ratio0]=ratio0)

# Prints "<whole process /s> <after start-up /s> <CPU µs per envelope>" of one launch of variant $1.
# The responses are counted as they arrive, not stored (a million of them is 300 MB).
launch() {
    local v=$1 start end answered first last user system
    start=$(date +%s%N)
    timeout 900 /usr/bin/time -f '%U %S' -o "$work/time" "${launcher[$v]}" dev "$contracts/${contract[$v]}.yaml" --stdio \
        <"$input" 2>"$work/err" | python3 -c '
import sys, time
first = last = answered = 0
for line in sys.stdin.buffer:
    last = time.time_ns()
    first = first or last
    answered += b"\"success\":true" in line
print(answered, first, last)' >"$work/answered" \
        || { echo "$v: the host failed; its standard error:" >&2; tail -5 "$work/err" >&2; exit 1; }
    end=$(date +%s%N)
    read -r answered first last <"$work/answered"
    [ "$answered" = "$envelopes" ] || { echo "$v: $answered of $envelopes envelopes answered with success" >&2; exit 1; }
    read -r user system <"$work/time"
    python3 -c "print(round($envelopes / (($end - $start) / 1e9)), round(($envelopes - 1) / (($last - $first) / 1e9)),
        round(($user + $system) * 1e6 / $envelopes, 2))"
}

declare -A whole steady cpu
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((r = 0; r < rounds; r++)); do
    line="round $((r + 1))/$rounds:"
    for ((k = 0; k < ${#variants[@]}; k++)); do
        v=${variants[$(((k + r) % ${#variants[@]}))]}
        read -r per_second after_start micros < <(launch "$v")
        [ -n "${micros:-}" ] || exit 1
        whole[$v]+="$per_second "
        steady[$v]+="$after_start "
        cpu[$v]+="$micros "
        line+=" $v ${per_second}/s ${after_start}/s ${micros}us"
    done
    echo "$line (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -f "$work/answered" "$work/err" "$work/time"

args=()
for v in "${variants[@]}"; do
    args+=("${whole[$v]}" "${steady[$v]}" "${cpu[$v]}")
done
python3 - "$rounds" "$envelopes" "$before_commit" "$ONEX_JAVA_OPTS" "${args[@]}" <<'EOF'
import statistics, sys
rounds, envelopes, commit, opts = sys.argv[1:5]
names = ["before", "off", "disabled", "ratio0"]
labels = {"before": "before tracing (%s)" % commit[:9], "off": "now, no `runtime.tracing`",
          "disabled": "now, `enabled: false`", "ratio0": "now, endpoint and `sample_ratio: 0`"}
values = [[float(x) for x in a.split()] for a in sys.argv[5:]]
runs = {n: values[3 * i:3 * i + 3] for i, n in enumerate(names)}


def cell(numbers, digits):
    return f"{statistics.median(numbers):.{digits}f} ({min(numbers):.{digits}f}-{max(numbers):.{digits}f})"


print(f"{rounds} rounds of {envelopes} envelopes; JVM options: {opts}")
print()
print("| variant | whole process, envelopes/s | / before | after start-up, envelopes/s | / before"
      " | CPU µs per envelope | / before |")
print("|---|---|---|---|---|---|---|")
for n in names:
    row = [labels[n]]
    for m, digits in ((0, 0), (1, 0), (2, 1)):
        mine, base = runs[n][m], runs["before"][m]
        row.append(cell(mine, digits))
        row.append("1" if n == "before" else cell([a / b for a, b in zip(mine, base)], 3))
    print("| " + " | ".join(row) + " |")
# "off" and "disabled" run the same code (a switched-off section builds no tracer), so their ratio
# shows what the machine's noise alone does to a ratio in this run.
same = ["off vs `enabled: false` (the same code: the noise of this run)"]
for m, digits in ((0, 0), (1, 0), (2, 1)):
    same += ["", cell([a / b for a, b in zip(runs["off"][m], runs["disabled"][m])], 3)]
print("| " + " | ".join(same) + " |")
print()
print("Medians over the rounds, spread (min-max) in brackets; \"/ before\" is the ratio to the tree before"
      " tracing in the same round.")
EOF
