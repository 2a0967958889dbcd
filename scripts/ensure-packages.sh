#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages the smoke tests start servers from, when missing.
# The list grows with the instrumentations that need a real server (Redis, RabbitMQ, PostgreSQL...).
set -euo pipefail

packages=(
  postgresql      # JdbcIT starts its own throwaway PostgreSQL (smoke-tests/.../harness/PostgresServer)
  redis-server    # RedisIT, Jedis3IT start their own throwaway redis-server (harness/RedisServer)
  rabbitmq-server # RabbitMqIT starts its own throwaway broker (harness/RabbitMqServer)
  prometheus      # promtool checks and tests deploy/prometheus/ (deploy/check.sh); OperatorKitIT runs a throwaway Prometheus
  prometheus-alertmanager # amtool checks deploy/alertmanager/alertmanager.yml (deploy/check.sh)
  chromium        # TracePageIT drives the trace page in headless Chromium (harness/HeadlessChromium)
)

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "ensure-packages: $tool is required" >&2; exit 1; }
done
