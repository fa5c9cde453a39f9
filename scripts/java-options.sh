# shellcheck shell=bash
# The JVM options of the onex-host launchers, in one place: sourced by ./onex-host (the module-path
# launch) and copied into the runtime image for its bin/onex-host (image/onex-host), so both start
# the JVM the same way.
#
# Always on, whatever ONEX_JAVA_OPTS says (docs/OPERATIONS.md, "JVM options"): standard output
# carries only responses and standard error only the host's JSON log lines.
#   -XX:+DisplayVMOutputToStderr           HotSpot's own messages, e.g. "Terminating due to
#                                          java.lang.OutOfMemoryError" of -XX:+ExitOnOutOfMemoryError,
#                                          go to standard error instead of standard output.
#   -Xlog:disable -Xlog:all=warning:stderr JVM unified-logging warnings (CDS, GC) go to standard
#                                          error instead of standard output.
#   --sun-misc-unsafe-memory-access=allow  Netty (under the db handler's r2dbc driver) uses
#                                          sun.misc.Unsafe; JDK 24+ prints a four-line warning on
#                                          its first call. Allowing it keeps Netty's fast path
#                                          (-Dio.netty.noUnsafe=true also silences it, but moves
#                                          Netty to slower buffers).
#   --enable-native-access=io.netty.common Netty loads its native epoll transport with
#                                          System.loadLibrary; JDK 24+ warns unless the calling
#                                          module may use native access.
# shellcheck disable=SC2034  # used by the scripts that source this file
onex_required_java_opts=(-XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr
    --sun-misc-unsafe-memory-access=allow --enable-native-access=io.netty.common)
# Small, predictable footprint by default; ONEX_JAVA_OPTS replaces these and is appended to the above.
# Measured in docs/PERFORMANCE.md ("The Kafka round trip"): ten nodes on Kafka under load, RSS
# ~115-125 MB instead of ~250 MB.
#   -Xmx64m -Xmn24m              the live heap is ~12 MB after a full collection; the serial
#                                collector touches the whole heap under load, so the cap is RSS.
#                                Smaller is not safe: with 48m/16m (RSS 125 MB) or 52m/12m, 1 MiB
#                                payloads (MemoryPressureChaosIT) are no longer all answered.
#   -XX:-TieredCompilation       the C2 compiler only, on one thread, in a code cache of at most
#   -XX:CICompilerCount=1        24 MB: only the hot methods are compiled, once, so the compiled
#   -XX:ReservedCodeCacheSize=24m code stays small (7 MB; C1 only: 9.5, both compilers: 19) and
#                                RSS lower (115-124 MB against 124-140 MB with the C1 compiler
#                                only, 136-150 MB with both), and the Kafka path runs on C2's code
#                                (CPU per envelope ~25 us against ~32 us with C1 only). It costs
#                                about a second of CPU at start-up, interpreted until the hot
#                                methods are compiled.
#   -XX:FreqInlineSize=100       C2 inlines a hot callee of at most 100 bytecodes instead of 325:
#                                a compilation's memory is mostly proportional to what it
#                                inlines, and the largest ones (the Kafka clients' poll and send
#                                loops, the codec's encode) took 15-28 MB each while the hot path
#                                compiled, over a resident set of ~117 MB. Peak RSS (VmHWM) under
#                                the Kafka round trip 125-128 MB instead of 140-147 MB, CPU per
#                                envelope within the noise (docs/PERFORMANCE.md, "Where it
#                                stands").
#   -XX:TrimNativeHeapInterval=1000  gives the C library's free memory back to the system every
#                                second (the compiler's memory after each compilation).
# shellcheck disable=SC2034
onex_default_java_opts="-XX:+UseSerialGC -Xshare:auto -XX:-TieredCompilation -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=24m -XX:FreqInlineSize=100 -Xmx64m -Xmn24m -XX:TrimNativeHeapInterval=1000"
# The commands that answer and exit (validate, describe, schema, help, completion, --version) run
# for well under a second, never long enough for C2 to compile anything: interpreted until then,
# they took ~1.6x the wall time and ~1.9x the CPU of the C1 compiler alone (validate of the quick
# start: 0.84 s against 0.56 s). They start on C1 only (-XX:TieredStopAtLevel=1), which compiles at
# once; the long-running hosts (run, dev) keep the defaults above.
# shellcheck disable=SC2034
onex_one_shot_java_opts="-XX:+UseSerialGC -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx64m -Xmn24m"

# Prints the default JVM options for the command line "$@": the host's for run and dev (the first
# argument that is not an option), the one-shot commands' otherwise.
onex_default_java_opts_for() {
    local arg
    for arg in "$@"; do
        case "$arg" in
            -*) ;;
            run | dev) printf '%s' "$onex_default_java_opts"; return ;;
            *) break ;;
        esac
    done
    printf '%s' "$onex_one_shot_java_opts"
}
# At most two C library malloc arenas instead of eight per core: the JVM's threads then share
# them rather than each keeping freed memory in an arena of its own (with the trim above: RSS
# -3 MB). An explicit MALLOC_ARENA_MAX in the environment wins.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
