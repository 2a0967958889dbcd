#!/usr/bin/env bash
# Runs the JMH benchmarks with the GC profiler and prints time and allocation per operation.
#
#   benchmarks/run.sh                      # everything (a few minutes)
#   benchmarks/run.sh HttpServerHook       # benchmarks matching a regex
#   benchmarks/run.sh -f 2 -wi 5 -i 5      # any JMH option (java -jar benchmarks.jar -h)
#
# Builds benchmarks/target/benchmarks.jar first when it is missing or older than the sources.
# The full JMH results are left in benchmarks/target/jmh-result.json.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
result="$here/target/jmh-result.json"

# The modules the benchmarks run: rebuild when any of their sources or poms changed.
inputs=("$root/pom.xml" "$root/bootstrap" "$root/instrumentation-api" "$root/agent" "$here")
stale() {
  [[ ! -f "$jar" ]] || [[ -n "$(find "${inputs[@]}" -not -path '*/target/*' \
    \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]]
}
if stale; then
  echo "Building $jar ..." >&2
  (cd "$root" && mvn -q -DskipTests package -pl benchmarks -am)
fi

java -jar "$jar" -prof gc -rf json -rff "$result" "$@"

python3 - "$result" <<'EOF'
import json, sys

rows = []
for run in json.load(open(sys.argv[1])):
    name = run["benchmark"].replace("dev.sonde.benchmarks.", "")
    params = ",".join(f"{k}={v}" for k, v in run.get("params", {}).items())
    if params:
        name += f" [{params}]"
    primary = run["primaryMetric"]
    alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    rows.append((name, f'{primary["score"]:.1f}', f'{primary["scoreError"]:.1f}',
                 f'{alloc["score"]:.1f}' if alloc else "-", primary["scoreUnit"]))

width = max([len(r[0]) for r in rows] + [len("benchmark")])
unit = rows[0][4] if rows else "ns/op"
print()
print(f'{"benchmark":<{width}}  {unit:>10}  {"error":>8}  {"B/op":>8}')
for name, score, error, alloc, _ in rows:
    print(f"{name:<{width}}  {score:>10}  {error:>8}  {alloc:>8}")
EOF
