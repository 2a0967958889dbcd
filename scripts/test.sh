#!/usr/bin/env bash
# Runs every test of Sonde: unit tests, the smoke tests (real applications started in their own JVMs
# with -javaagent, on JDK 17 and, when present, Temurin 25), and a build of the JMH benchmarks.
# Installs the Debian packages the smoke tests need where they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-packages.sh

mvn -B -ntp verify "$@"
