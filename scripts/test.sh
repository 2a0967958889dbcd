#!/usr/bin/env bash
# Runs every test of Sonde: the checks and unit tests of the alert rules, SLO rules, example
# configurations and dashboard under deploy/ (deploy/check.sh: promtool, amtool), unit tests, the
# smoke tests (real applications started in their own JVMs with -javaagent, on JDK 17 and, when
# present, Temurin 25), a smoke pass of the JMH benchmarks (each runs, each has a ceiling in
# benchmarks/budget.tsv; the timed budget run is benchmarks/run.sh --budget), and a quick pass of
# the end-to-end overhead harness.
# Installs the Debian packages the smoke tests need where they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-packages.sh

deploy/check.sh

mvn -B -ntp verify "$@"

benchmarks/run.sh --smoke

# The end-to-end overhead harness, a few seconds per phase (about a minute): the service runs
# under load with no agent, Sonde and the OpenTelemetry agent, answers every request, and each
# agent exports spans, serves metrics and puts trace ids in the log. Measures nothing; the
# measured run is benchmarks/e2e.sh.
benchmarks/e2e.sh --no-build --quick
# The interleaved mode, three 1 s rounds (about 40 s): both services at once; fails when a request
# fails, a slice gets no request answered or Sonde exports no span.
benchmarks/e2e.sh --no-build --quick --interleaved
