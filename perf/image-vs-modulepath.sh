#!/usr/bin/env bash
# Measures the runtime image (`make image`) against the module-path launch (./onex-host), side by
# side in one run, on the quick-start contract (docs/PERFORMANCE.md, "The runtime image"):
#
#   perf/image-vs-modulepath.sh [RUNS]          default 7 runs of each measurement
#
# - size on disk: the image folder, against the JDK plus modules/wiring/target/lib that the
#   module-path launch needs;
# - start to ready over stdio: from launch until the response to one envelope is on standard output
#   (examples/quickstart/runtime.yaml);
# - start to ready over HTTP: from launch until /health/ready answers 200
#   (examples/quickstart/runtime-http.yaml on a free port);
# - peak RSS of the stdio run, from /usr/bin/time -v.
# Each run starts the module-path launch first and the image second. Medians of RUNS runs, the
# spread (min-max), and the ratio image / module path. Both use the launchers' default JVM options.
# Needs: a built image (make image), curl, python3, /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-7}
[[ "$runs" =~ ^[1-9][0-9]?$ ]] || { echo "usage: $0 [RUNS 1-99]" >&2; exit 2; }
image="$root/image/target/onex-host"
[ -x "$image/bin/onex-host" ] || { echo "no image at $image: run 'make image' first" >&2; exit 1; }
export ONEX_SKIP_BUILD=1
# shellcheck source=../scripts/java-env.sh
source "$root/scripts/java-env.sh"
[ -f "$root/modules/wiring/target/lib/onex-wiring.jar" ] || { echo "no module path: run ./onex-host --version first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
envelope='{"target_node":"echo","handler_type":"local","operation":"local.echo","payload":{"hi":1}}'
launchers=("$root/onex-host" "$image/bin/onex-host")
names=(module-path image)

now_ms() { date +%s%3N; }

stdio_run() {
    # Prints "<ms to the response> <peak RSS kB>": a reader stamps the arrival of the first line on
    # standard output; /usr/bin/time gives the peak RSS of the whole run.
    local start stamp
    start=$(now_ms)
    echo "$envelope" | timeout 120 /usr/bin/time -v -o "$work/time" "$1" dev "$root/examples/quickstart/runtime.yaml" --stdio \
        2>/dev/null | { IFS= read -r first; now_ms >"$work/stamp"; [[ "$first" == *'"success":true'* ]] || echo FAIL >"$work/stamp"; cat >/dev/null; }
    stamp=$(cat "$work/stamp")
    [ "$stamp" != FAIL ] || { echo "$1: the quick start did not answer" >&2; exit 1; }
    echo "$((stamp - start)) $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")"
}

http_run() {
    local port start pid code=000 deadline
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$work/http"
    cp -r "$root/examples/quickstart/nodes" "$work/http/" 2>/dev/null || true
    sed "s/port: 8080/port: $port/" "$root/examples/quickstart/runtime-http.yaml" >"$work/http/runtime-http.yaml"
    start=$(now_ms)
    "$1" dev "$work/http/runtime-http.yaml" >/dev/null 2>&1 &
    pid=$!
    deadline=$((start + 120000))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/health/ready" || true)
        [ "$code" = 200 ] && break
        sleep 0.02
    done
    echo "$(($(now_ms) - start))"
    kill -TERM "$pid"
    wait "$pid" || true
    [ "$code" = 200 ] || { echo "$1: /health/ready never answered 200" >&2; exit 1; }
}

# Both read whitespace-separated numbers on standard input.
median() { tr -s ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
spread() { tr -s ' ' '\n' | sed '/^$/d' | sort -n | awk 'NR==1{min=$1} {max=$1} END{print min "-" max}'; }

declare -A stdio_ms rss_kb http_ms
for ((i = 1; i <= runs; i++)); do
    for k in 0 1; do
        read -r ms kb < <(stdio_run "${launchers[$k]}")
        stdio_ms[$k]+="$ms "
        rss_kb[$k]+="$kb "
        http_ms[$k]+="$(http_run "${launchers[$k]}") "
    done
    echo "run $i/$runs: stdio $(awk '{print $NF}' <<<"${stdio_ms[0]}") / $(awk '{print $NF}' <<<"${stdio_ms[1]}") ms," \
        "http $(awk '{print $NF}' <<<"${http_ms[0]}") / $(awk '{print $NF}' <<<"${http_ms[1]}") ms (module path / image)" >&2
done

size_modulepath=$(( $(du -sb "$JAVA_HOME" | cut -f1) + $(du -sb "$root/modules/wiring/target/lib" | cut -f1) ))
size_image=$(du -sb "$image" | cut -f1)
ratio() { python3 -c "print(f'{$2/$1:.2f}')"; }

echo "| measure ($runs runs, median, spread) | module path (./onex-host) | image (bin/onex-host) | image / module path |"
echo "|---|---|---|---|"
echo "| size on disk (MB) | $(((size_modulepath + 500000) / 1000000)) (JDK $(basename "$JAVA_HOME") + lib) | $(((size_image + 500000) / 1000000)) | $(ratio "$size_modulepath" "$size_image") |"
for measure in stdio_ms http_ms rss_kb; do
    declare -n values=$measure
    m0=$(echo "${values[0]}" | median); m1=$(echo "${values[1]}" | median)
    case $measure in
        stdio_ms) label="start to ready, stdio round trip (ms)" ;;
        http_ms) label="start to ready, /health/ready 200 (ms)" ;;
        rss_kb) label="peak RSS, stdio run (MB)"; m0=$((m0 / 1024)); m1=$((m1 / 1024))
            echo "| $label | $m0 ($(echo "${values[0]}" | spread | awk -F- '{printf "%d-%d", $1/1024, $2/1024}')) | $m1 ($(echo "${values[1]}" | spread | awk -F- '{printf "%d-%d", $1/1024, $2/1024}')) | $(ratio "$m0" "$m1") |"
            unset -n values; continue ;;
    esac
    echo "| $label | $m0 ($(echo "${values[0]}" | spread)) | $m1 ($(echo "${values[1]}" | spread)) | $(ratio "$m0" "$m1") |"
    unset -n values
done
