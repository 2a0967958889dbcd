#!/usr/bin/env bash
# The end-to-end overhead harness: the service of benchmarks/e2e/app (embedded Tomcat, JDBC through
# HikariCP to PostgreSQL, Redis through Jedis, RabbitMQ publish and consume, Logback) under the same
# load with no agent, with Sonde and with the OpenTelemetry Java agent, in turn; prints start-up,
# throughput, latency, CPU and allocation per request and peak RSS, and Sonde against its targets.
#
#   benchmarks/e2e.sh                  # full run: 30 s + 30 s + 60 s of load per agent, ~8 minutes
#   benchmarks/e2e.sh --quick          # a few seconds per phase: everything works (what CI runs)
#   benchmarks/e2e.sh --rounds 3       # the agents in turn three times; medians
#   benchmarks/e2e.sh --no-build ...   # use the jars already built (scripts/test.sh: after mvn verify)
#   benchmarks/e2e.sh --profile ...   # also profile each setup's steady phase (async-profiler)
#   benchmarks/e2e.sh --profile-alloc  # the same, recording allocation (bytes by stack)
#   benchmarks/e2e.sh --interleaved    # no agent and Sonde at once, the load on each in turn
#                                      # in 3 s slices, 40 rounds: paired ratios with 95 %
#                                      # intervals (~6 min); --aa: Sonde against Sonde;
#                                      # --inject-micros N: the last one burns N µs per request
#   (more options: --concurrency N, --java PATH, --jvm-args "...", --agents none,sonde,otel,
#    --slices N, --slice-seconds S; see docs/performance.md)
#
# Builds what it needs, fetches the OpenTelemetry agent through Maven, starts PostgreSQL, Redis and
# RabbitMQ from the Debian packages (installed first by scripts/ensure-packages.sh when missing) on
# 127.0.0.1.
# Exit status 1 when a run cannot be trusted, or when a full run misses a target.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# --no-build may stand anywhere among the options; the harness gets the rest.
build=true
profile=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--no-build" ]]; then build=false; else args+=("$arg"); fi
  if [[ "$arg" == "--profile" || "$arg" == "--profile-alloc" ]]; then profile=true; fi
done
# The servers it starts come from Debian's packages: installed here when missing.
scripts/ensure-packages.sh
if $build; then
  echo "Building the agent and the harness ..." >&2
  mvn -B -ntp -q -DskipTests package -pl agent,benchmarks/e2e/harness -am
fi
# --profile: async-profiler's library (the harness pom's async-profiler.version), fetched once.
if $profile && [[ ! -f benchmarks/e2e/harness/target/async-profiler/linux-x64/libasyncProfiler.so ]]; then
  if [[ "$(uname -sm)" != "Linux x86_64" ]]; then
    echo "--profile needs Linux on x86_64 (async-profiler's library for it)" >&2
    exit 2
  fi
  mvn -B -ntp -q -pl benchmarks/e2e/harness dependency:unpack@async-profiler
fi
# The version is the e2e pom's (opentelemetry.javaagent.version); Maven fetches it once.
if $build || [[ ! -f benchmarks/e2e/harness/target/opentelemetry-javaagent.jar ]]; then
  mvn -B -ntp -q -pl benchmarks/e2e/harness dependency:copy@opentelemetry-javaagent
fi
exec java -jar benchmarks/e2e/harness/target/e2e-harness.jar --root "$root" ${args[@]+"${args[@]}"}
