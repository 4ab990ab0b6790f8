#!/usr/bin/env bash
# Runs the SimVTP JMH suite and writes DIR/results.md and DIR/results.json (plus jmh.json, jmh.log and
# sidecar.jsonl, the raw inputs of the report).
#
# usage: jmh/run-benchmarks.sh [--quick] [--compare FILE] [--write-baseline FILE] [--out DIR] [--rebuild]
#                              [-- JMH arguments, e.g. a benchmark regex or -p preset=small]
#
#   --quick                1 fork, 1 warm-up + 2 measured iterations of 1 s / 2 s: the whole suite in ~5-8 min on
#                          2 cores. Without it, the per-benchmark annotations apply (2 forks, 2-3 + 5 iterations:
#                          far longer, for quiet machines).
#   --compare FILE         compare with a baseline (e.g. jmh/baseline.json); exit 1 and name the regressed
#                          benchmarks when a figure is beyond the tolerance stated in the file
#   --write-baseline FILE  store this run's machine-independent figures as the new baseline
#   --out DIR              output directory (default jmh/target/benchmark-results)
#   --rebuild              rebuild jmh/target/benchmarks.jar even if it looks up to date
#   --threads N            PyTorch intra-op threads in every fork (OMP_NUM_THREADS=N and
#                          -Dai.djl.pytorch.num_threads=N; default: PyTorch's choice, one per core). Yardstick and
#                          training steps then run on the same number of threads; 1 measures the code's own
#                          efficiency without the scaling of small operations over shared vCPUs
#   --tuned-malloc         run with glibc settings that keep freed memory for reuse (MALLOC_ARENA_MAX=1,
#                          MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_=64 GiB): tensors > 32 MB are otherwise mmap'ed
#                          and page-faulted afresh on every allocation (see README, "Findings")
#
# Exit status: 0 fine, 1 regression against --compare, 2 bad arguments/input, other = build or JMH failure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/jmh/target/benchmarks.jar"
OUT="$ROOT/jmh/target/benchmark-results"
QUICK=false
REBUILD=false
MALLOC=default
THREADS=
REPORT_ARGS=()
JMH_EXTRA=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=true; shift ;;
    --compare) REPORT_ARGS+=(--compare "$(realpath "$2")"); shift 2 ;;
    --write-baseline) REPORT_ARGS+=(--write-baseline "$(realpath -m "$2")"); shift 2 ;;
    --out) OUT=$(realpath -m "$2"); shift 2 ;;
    --rebuild) REBUILD=true; shift ;;
    --tuned-malloc) MALLOC=tuned; shift ;;
    --threads) THREADS="$2"; shift 2 ;;
    --) shift; JMH_EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "run-benchmarks.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Every JVM touching DJL: offline, no tracking (djl-notes §1). Forks inherit the environment.
export OPT_OUT_TRACKING=true
export DJL_OFFLINE=true
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.simvtp-cache/djl}"

needs_build() {
  [[ "$REBUILD" == true || ! -f "$JAR" || ! -d "$ROOT/jmh/target/lib" ]] && return 0
  [[ -n "$(find "$ROOT" -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$JAR" -print -quit)" ]]
}

if needs_build; then
  echo "building $JAR ..."
  (cd "$ROOT" && mvn -B -ntp -q -Pbenchmarks -pl jmh -am package -DskipTests)
fi

if [[ "$MALLOC" == tuned ]]; then
  export MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736
fi

mkdir -p "$OUT"
rm -f "$OUT/jmh.json" "$OUT/sidecar.jsonl"
export SIMVTP_JMH_SIDECAR="$OUT/sidecar.jsonl"

JMH_ARGS=(-prof gc -rf json -rff "$OUT/jmh.json")
if [[ -n "$THREADS" ]]; then
  [[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || { echo "run-benchmarks.sh: --threads needs a positive number" >&2; exit 2; }
  export OMP_NUM_THREADS="$THREADS"
  JMH_ARGS+=(-jvmArgsAppend "-Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1")
fi
MODE=full
if [[ "$QUICK" == true ]]; then
  MODE=quick
  JMH_ARGS+=(-f 1 -wi 1 -i 2 -w 1s -r 2s)
fi

# The vector-search benchmark builds a 1,000,000-row HNSW index (hours on 2 cores): name it to run it.
if [[ ${#JMH_EXTRA[@]} -eq 0 ]]; then
  JMH_ARGS+=(-e VectorSearchBenchmark)
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "running JMH ($MODE) -> $OUT"
java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -jar "$JAR" "${JMH_ARGS[@]}" "${JMH_EXTRA[@]}" \
  2>&1 | tee "$OUT/jmh.log"

CPU=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
set +e
java -cp "$JAR" org.simvtp.jmh.SuiteReport --jmh "$OUT/jmh.json" --sidecar "$OUT/sidecar.jsonl" --out "$OUT" \
  --info "mode=$MODE" --info "malloc=$MALLOC" --info "torch threads=${THREADS:-default}" \
  --info "load average before/after=$LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" --info "date=$(date -u +%Y-%m-%dT%H:%MZ)" --info "commit=$COMMIT" \
  --info "machine=$(getconf _NPROCESSORS_ONLN) cores, ${CPU:-unknown CPU}" \
  --info "jvm=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')" \
  "${REPORT_ARGS[@]}"
STATUS=$?
set -e
echo "results: $OUT/results.md"
exit $STATUS
