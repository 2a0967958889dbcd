#!/usr/bin/env bash
# Runs the JMH benchmarks with the GC profiler and prints time and allocation per operation.
#
#   benchmarks/run.sh                      # everything, full length (about 5 minutes)
#   benchmarks/run.sh HttpServerHook       # benchmarks matching a regex
#   benchmarks/run.sh -f 2 -wi 5 -i 5      # any JMH option (java -jar benchmarks.jar -h)
#   benchmarks/run.sh --budget [regex]     # short run (a few minutes), each result against its
#                                          # ceiling in benchmarks/budget.tsv; exit 1 on a breach
#   benchmarks/run.sh --smoke              # every benchmark once, briefly: they run, and each
#                                          # has a ceiling (what CI runs; measures nothing)
#
# Builds benchmarks/target/benchmarks.jar first when it is missing or older than the sources.
# The full JMH results are left in benchmarks/target/jmh-result.json.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
result="$here/target/jmh-result.json"
budget="$here/budget.tsv"

mode=table
case "${1:-}" in
  --budget) mode=budget; shift ;;
  --smoke) mode=smoke; shift ;;
esac

# The modules the benchmarks run: rebuild when any of their sources or poms changed.
inputs=("$root/pom.xml" "$root/bootstrap" "$root/instrumentation-api" "$root/instrumentations"
  "$root/agent" "$here")
stale() {
  [[ ! -f "$jar" ]] || [[ -n "$(find "${inputs[@]}" -not -path '*/target/*' \
    \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]]
}
if stale; then
  echo "Building $jar ..." >&2
  (cd "$root" && mvn -q -DskipTests package -pl benchmarks -am)
fi

case "$mode" in
  table) java -jar "$jar" -prof gc -rf json -rff "$result" "$@" ;;
  budget) java -jar "$jar" -prof gc -f 1 -wi 2 -w 1s -i 3 -r 1s -rf json -rff "$result" "$@" ;;
  # In-process and a tenth of a second each: only that every benchmark runs.
  smoke)
    log="$here/target/jmh-smoke.log"
    java -jar "$jar" -f 0 -wi 0 -i 1 -r 100ms -foe true -rf json -rff "$result" "$@" >"$log" 2>&1 \
      || { tail -50 "$log"; echo "benchmarks/run.sh --smoke: a benchmark failed; see $log" >&2; exit 1; } ;;
esac

python3 - "$mode" "$result" "$budget" <<'EOF'
import json, sys

mode, result_file, budget_file = sys.argv[1:4]

def key(run):
    name = run["benchmark"].replace("dev.sonde.benchmarks.", "")
    params = run.get("params", {})
    if params:
        name += "[" + ",".join(f"{k}={params[k]}" for k in sorted(params)) + "]"
    return name

ceilings = {}
for line in open(budget_file):
    if line.strip() and not line.startswith("#"):
        name, ns, bytes_ = line.rstrip("\n").split("\t")
        ceilings[name] = (None if ns == "-" else float(ns), None if bytes_ == "-" else float(bytes_))

runs = json.load(open(result_file))
width = max([len(key(r)) for r in runs] + [len("benchmark")])
failures = []
print()
if mode == "budget":
    print(f'{"benchmark":<{width}}  {"ns/op":>9}  {"max":>7}  {"B/op":>8}  {"max":>7}')
else:
    print(f'{"benchmark":<{width}}  {"ns/op":>9}  {"error":>8}  {"B/op":>8}')
for run in runs:
    name = key(run)
    primary = run["primaryMetric"]
    alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    score, bytes_ = primary["score"], (alloc["score"] if alloc else None)
    shown_bytes = f"{bytes_:.1f}" if bytes_ is not None else "-"
    if name not in ceilings:
        failures.append(f"{name}: no ceiling in benchmarks/budget.tsv")
    if mode != "budget":
        error = primary["scoreError"]
        shown_error = f"{error:.1f}" if isinstance(error, (int, float)) else "-"
        print(f'{name:<{width}}  {score:>9.1f}  {shown_error:>8}  {shown_bytes:>8}')
        continue
    max_ns, max_bytes = ceilings.get(name, (None, None))
    verdict = []
    if max_ns is not None and score > max_ns:
        verdict.append("TIME OVER")
    if max_bytes is not None and bytes_ is not None and bytes_ > max_bytes:
        verdict.append("ALLOCATION OVER")
    if verdict:
        failures.append(f"{name}: {' and '.join(verdict)}")
    fmt = lambda v: "-" if v is None else f"{v:.0f}"
    print(f'{name:<{width}}  {score:>9.1f}  {fmt(max_ns):>7}  {shown_bytes:>8}  {fmt(max_bytes):>7}'
          f'  {" ".join(verdict) or "ok"}')

if failures:
    print("\nFAILED:", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
EOF
