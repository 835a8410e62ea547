#!/usr/bin/env bash
# side-by-side.sh [--quick] [--no-build]: measures kaiming4j and its peers in one run and
# writes bench/results/latest.csv, docs/BENCHMARKS.md and docs/figures/bench-ns-per-element.png.
#
#   JMH (one run; the full mode adds a second run for the distribution x dtype matrix, each
#   run carrying its own anchors): our backends (FillBenchmark, AllocateFillBenchmark) beside
#   raw MKL Philox/SFMT ICDF, SplittableRandom, Commons RNG ziggurat and memory fills.
#   Outside the JVM: numpy and torch (Debian's python3-numpy / python3-torch, /usr/bin/python3),
#   ND4J in its own class path (bench/peers/nd4j). Fresh JVMs: time to first tensor, MKL
#   cold and warm load.
#   --quick: float32 normal at 2^10, 2^16, 2^24 (< 3 min once built); full: 2^10..2^26 in
#   steps of 4x plus the matrix at 2^24 (the expected duration is printed first).
#   --no-build: use the jars already in bench/target (by default they are rebuilt when a source
#   under api/, jni-bindings/, native/, cmake/ or bench/ is newer).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
quick=0
build=1
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        --no-build) build=0 ;;
        -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "side-by-side.sh: unknown option $arg (expected --quick, --no-build)" >&2; exit 2 ;;
    esac
done

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java="$JAVA_HOME/bin/java"; else java="java"; fi
python=/usr/bin/python3   # Debian's, where python3-numpy and python3-torch live (not pyenv's)
results="$root/bench/results"
figure_rel="figures/bench-ns-per-element.png"
mkdir -p "$results" "$root/docs/figures"
work="$(mktemp -d "${TMPDIR:-/tmp}/kaiming4j-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
commands="$work/commands.txt"
: > "$commands"
started=$(date +%s)

log() { echo "side-by-side [$(($(date +%s) - started)) s]: $*" >&2; }
# Runs a command and records it, as run, for the report's "Commands" section.
logged() {
    local line
    line="$(printf '%q ' "$@")"
    [[ -n "${cp:-}" ]] && line="${line//"$cp"/\$CP}"
    [[ -n "${nd4j_cp:-}" ]] && line="${line//"$nd4j_cp"/\$ND4J_CP}"
    line="${line//"$work"/\$WORK}"
    echo "${line//"$root/"/}" >> "$commands"
    "$@"
}

pow2_list() { local out="" k; for k in "$@"; do out+="${out:+,}$((1 << k))"; done; echo "$out"; }

# Each setting: the --quick value, then the full one.
pick() { if ((quick)); then echo "$1"; else echo "$2"; fi; }
mode="$(pick quick full)"
sizes="$(pow2_list $(pick "10 16 24" "10 12 14 16 18 20 22 24 26"))"
matrix=$(pick 0 1)
jmh_iter=($(pick "-f 1 -wi 1 -w 100ms -i 3 -r 100ms" "-f 1 -wi 2 -w 300ms -i 5 -r 300ms"))
alloc_iter=($(pick "-f 1 -bm ss -wi 3 -i 15" "-f 2 -bm ss -wi 3 -i 15"))
first_runs=$(pick 3 11); warm_runs=$(pick 1 5); cold_runs=$(pick 1 3)
peer_seconds=$(pick 0.1 0.25)
nd4j_threads="$(pick 1 "1 2")"
per_trial=$(pick 2.5 4)   # seconds per JMH trial measured here, JVM fork and setup included
backends="java,native,mkl,auto"
n_sizes=$(awk -F, '{print NF}' <<< "$sizes")
trials=$((4 * 2 * n_sizes + 4 * 2 + 2 * 2 * n_sizes + 4 * n_sizes))
((matrix)) && trials=$((trials + 4 * 2 * 9 + 2 * 2 * 2 + 4))
estimate=$(awk -v t="$trials" -v p="$per_trial" -v m="$matrix" -v f="$first_runs" -v w="$warm_runs" -v c="$cold_runs" \
    'BEGIN { printf "%d", t * p + (m ? 240 : 30) + 2 * f * 0.8 + w * 2.5 + c * 6 }')
log "mode $mode: $trials JMH trials; expected duration about $((estimate / 60)) min $((estimate % 60)) s (build excluded)"

# --- build ----------------------------------------------------------------------------------
jar="$root/bench/target/benchmarks.jar"
# Rebuild only when a source the benchmarks depend on is newer than the jar.
if ((build)) && [[ -f "$jar" && -s "$root/bench/target/mkl.classpath" ]] \
        && [[ -z "$(find "$root/pom.xml" "$root/api" "$root/jni-bindings" "$root/native" "$root/cmake" "$root/bench/pom.xml" \
            "$root/bench/src" -newer "$jar" -not -path '*/target/*' -print -quit)" ]]; then
    log "bench/target/benchmarks.jar is up to date: not rebuilding"
    build=0
fi
if ((build)); then
    log "building (mvn -pl bench -am package -DskipTests)"
    (cd "$root" && logged mvn -q -B -ntp -pl bench -am package -DskipTests) > "$work/build.log" 2>&1 \
        || { cat "$work/build.log" >&2; exit 1; }
fi
[[ -f "$jar" && -s "$root/bench/target/mkl.classpath" ]] || { log "missing $jar or mkl.classpath: run without --no-build"; exit 1; }
cp="$jar:$(cat "$root/bench/target/mkl.classpath")"
echo "CP=bench/target/benchmarks.jar:\$(cat bench/target/mkl.classpath)   # from the repository root" >> "$commands"

# --- JMH --------------------------------------------------------------------------------------
log "JMH sweep: fp32 normal, sizes $sizes"
logged "$java" -cp "$cp" org.openjdk.jmh.Main \
    '\.(FillBenchmark|MklAnchorBenchmark|JavaAnchorBenchmark)\.' \
    -p backend="$backends" -p threads=1,2 -p distribution=normal -p dtype=float32 \
    -p elements="$sizes" \
    -p generator=philox_icdf,sfmt_icdf -p anchorDtype=float32 \
    "${jmh_iter[@]}" -rf json -rff "$results/jmh-sweep.json" > "$work/jmh-sweep.log" 2>&1 \
    || { tail -50 "$work/jmh-sweep.log" >&2; exit 1; }
runs=(--run "sweep=$results/jmh-sweep.json")
# Allocate + fill: one operation (allocate, fault in, fill, free 2^24 elements) takes 15-80 ms,
# so time-boxed iterations would hold a handful of them and one stalled operation would decide
# an iteration (docs/BENCHMARKS.md, 2026-11-29): single shots instead, the report takes their median.
log "JMH allocate + fill: single-shot operations, 2^24 elements"
logged "$java" -cp "$cp" org.openjdk.jmh.Main '\.AllocateFillBenchmark\.' \
    -p backend="$backends" -p threads=1,2 -p distribution=normal -p dtype=float32 \
    -p allocElements=$((1 << 24)) \
    "${alloc_iter[@]}" -rf json -rff "$results/jmh-allocate.json" > "$work/jmh-allocate.log" 2>&1 \
    || { tail -50 "$work/jmh-allocate.log" >&2; exit 1; }
runs+=(--run "allocate=$results/jmh-allocate.json")
if ((matrix)); then
    log "JMH matrix: {normal, uniform, truncated_normal} x {float32, float64, bfloat16} at 2^24"
    logged "$java" -cp "$cp" org.openjdk.jmh.Main \
        '\.(FillBenchmark|MklAnchorBenchmark|JavaAnchorBenchmark)\.' \
        -p backend="$backends" -p threads=1,2 -p distribution=normal,uniform,truncated_normal \
        -p dtype=float32,float64,bfloat16 -p elements=$((1 << 24)) \
        -p generator=philox_icdf,sfmt_icdf -p anchorDtype=float32,float64 \
        "${jmh_iter[@]}" -rf json -rff "$results/jmh-matrix.json" > "$work/jmh-matrix.log" 2>&1 \
        || { tail -50 "$work/jmh-matrix.log" >&2; exit 1; }
    runs+=(--run "matrix=$results/jmh-matrix.json")
fi

# --- peers outside the JVM --------------------------------------------------------------------
peers="$work/peers.csv"
: > "$peers"
torch_skip=""
if ! "$python" -c 'import torch' 2> /dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get > /dev/null; then
        log "installing python3-torch (Debian package)"
        DEBIAN_FRONTEND=noninteractive logged apt-get install -y -q --no-install-recommends python3-torch \
            > "$work/apt.log" 2>&1 || torch_skip="apt-get install python3-torch failed (see its log)"
    else
        torch_skip="python3-torch is not installed and this run is not root: install it with apt-get"
    fi
fi
peer_args=(--sizes "$sizes" --seconds "$peer_seconds")
((matrix)) && peer_args+=(--matrix-size $((1 << 24)))
[[ -n "$torch_skip" ]] && peer_args+=(--skip-torch "$torch_skip")
log "numpy and torch"
logged "$python" "$root/bench/peers/numpy_torch.py" "${peer_args[@]}" >> "$peers" 2> "$work/peers.log" \
    || { echo "# numpy/torch: the peer script failed: $(tail -1 "$work/peers.log")" >> "$peers"; }

nd4j_dir="$root/bench/peers/nd4j"
if [[ ! -s "$nd4j_dir/target/nd4j.classpath" ]]; then
    log "building the ND4J peer (own class path)"
    (cd "$nd4j_dir" && logged mvn -q -B -ntp package) > "$work/nd4j-build.log" 2>&1 || true
fi
if [[ -s "$nd4j_dir/target/nd4j.classpath" ]] && compgen -G "$nd4j_dir/target/kaiming4j-bench-nd4j-*.jar" > /dev/null; then
    log "ND4J"
    nd4j_cp="$(compgen -G "$nd4j_dir/target/kaiming4j-bench-nd4j-*.jar" | head -1):$(cat "$nd4j_dir/target/nd4j.classpath")"
    echo "ND4J_CP=\$(ls bench/peers/nd4j/target/kaiming4j-bench-nd4j-*.jar):\$(cat bench/peers/nd4j/target/nd4j.classpath)" >> "$commands"
    for t in $nd4j_threads; do
        logged env OMP_NUM_THREADS="$t" "$java" -cp "$nd4j_cp" dev.kaiming4j.bench.nd4j.Nd4jPeer "$t" "$sizes" "$peer_seconds" \
            >> "$peers" 2> "$work/nd4j-$t.log" \
            || echo "# nd4j ($t threads): failed: $(grep -m1 -i 'exception\|error' "$work/nd4j-$t.log" | cut -c1-200)" >> "$peers"
    done
else
    echo "# nd4j: not measured: bench/peers/nd4j could not be built here (nd4j-native 1.0.0-M2.1 and its OpenBLAS presets unavailable)" >> "$peers"
fi

# --- time to first tensor (fresh JVMs) --------------------------------------------------------
log "time to first tensor"
first="$work/first-tensor.txt"
: > "$first"
timed() { # KIND ARGS...: one fresh JVM, wall time in ns, then its output line
    local kind="$1" t0 t1 out
    shift
    t0=$(date +%s%N)
    out="$("$java" "$@")"
    t1=$(date +%s%N)
    echo "$kind $((t1 - t0)) $out" >> "$first"
}
"$java" -cp "$cp" dev.kaiming4j.bench.FirstTensor > /dev/null   # unrecorded: fills JavaCPP's cache
echo "for i in \$(seq $first_runs); do java -cp \"\$CP\" dev.kaiming4j.bench.FirstTensor noop; java -cp \"\$CP\" dev.kaiming4j.bench.FirstTensor; done" >> "$commands"
for ((i = 0; i < first_runs; i++)); do
    # Interleaved so that both share the machine's noise.
    timed noop -cp "$cp" dev.kaiming4j.bench.FirstTensor noop
    timed default -cp "$cp" dev.kaiming4j.bench.FirstTensor
done
echo "java -Dorg.bytedeco.javacpp.cachedir=\$(mktemp -d) -cp \"\$CP\" dev.kaiming4j.bench.FirstTensor mkl   # cold x$cold_runs, then warm x$warm_runs on the same cache" >> "$commands"
for ((i = 0; i < cold_runs; i++)); do
    cache="$(mktemp -d "$work/javacpp-cache.XXXXXX")"
    timed mkl-cold "-Dorg.bytedeco.javacpp.cachedir=$cache" -cp "$cp" dev.kaiming4j.bench.FirstTensor mkl
    if ((i == cold_runs - 1)); then
        for ((j = 0; j < warm_runs; j++)); do
            timed mkl-warm "-Dorg.bytedeco.javacpp.cachedir=$cache" -cp "$cp" dev.kaiming4j.bench.FirstTensor mkl
        done
    fi
    rm -rf "$cache"
done

# --- report -----------------------------------------------------------------------------------
finished=$(date +%s)
machine="$work/machine.txt"
{
    echo "# lscpu"; lscpu
    echo; echo "# /proc/cpuinfo (first processor)"
    grep -m1 'model name' /proc/cpuinfo
    grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512dq|avx512bw|avx512vl|fma|sse4_2)$' | tr '\n' ' '
    echo; echo; echo "# memory"; free -h | head -2
    echo; echo "# transparent huge pages"
    echo "enabled: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo n/a)"
    echo "defrag:  $(cat /sys/kernel/mm/transparent_hugepage/defrag 2>/dev/null || echo n/a)"
    echo; echo "# JDK"; "$java" -version 2>&1
    echo; echo "# kernel"; uname -srm
    echo; echo "# peers"
    "$python" -c 'import numpy; print("numpy", numpy.__version__)' 2>&1 || true
    "$python" -c 'import torch; print("torch", torch.__version__, "(Debian python3-torch)")' 2>/dev/null || echo "torch: not installed"
    echo; echo "# load average at the end of the run"; cat /proc/loadavg
} > "$machine" 2>&1
{
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), mode \`$mode\`, $((finished - started)) s (build included),"
    echo "commit \`$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)\`$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')."
    echo "JMH iterations: \`${jmh_iter[*]}\`. The full mode measures sizes 2¹⁰…2²⁶ in steps of 4×;"
    echo "--quick measures 2¹⁰, 2¹⁶, 2²⁴ and no distribution × dtype matrix."
} > "$work/info.md"
log "report"
logged "$java" -Djava.awt.headless=true -cp "$cp" dev.kaiming4j.bench.report.ReportMain "${runs[@]}" \
    --peers "$peers" --first-tensor "$first" --machine "$machine" --commands "$commands" --info "$work/info.md" \
    --csv "$results/latest.csv" --md "$root/docs/BENCHMARKS.md" \
    --png "$root/docs/$figure_rel" --png-link "$figure_rel"
cp "$peers" "$results/peers.csv.txt"
cp "$first" "$results/first-tensor.txt"
log "done in $(($(date +%s) - started)) s: bench/results/latest.csv, docs/BENCHMARKS.md, docs/$figure_rel"
