#!/usr/bin/env bash
# Builds the agent and runs a demo application (embedded Tomcat 9) with it attached, sends it a few
# requests, and shows what Sonde reports: each span as it ends (the console exporter, on stderr),
# the /metrics scrape, the correlated log lines, and the address of the trace page.
# The application keeps running until Ctrl-C: try curl localhost:8080/users/42, open
# http://localhost:9464/ in a browser, or curl localhost:9464/metrics yourself.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_PORT=${APP_PORT:-8080}
METRICS_PORT=${METRICS_PORT:-9464}
mvn -B -q -ntp -DskipTests package
mkdir -p target/demo
log=target/demo/app.log
: > "$log"

java -javaagent:agent/target/sonde-agent.jar \
  -Dsonde.service.name=demo-shop \
  -Dsonde.metrics.port="$METRICS_PORT" \
  -Dsonde.traces.exporter=console \
  -Dapp.log.file="$log" \
  -jar smoke-tests/apps/tomcat9/target/tomcat9-app.jar "$APP_PORT" &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fs -o /dev/null "localhost:$APP_PORT/users/1" && break
  sleep 0.2
done
for path in /users/42 /users/7 /boom /no/such/page /async; do
  printf '%-16s -> %s\n' "$path" "$(curl -s -o /dev/null -w '%{http_code}, X-Request-ID %header{x-request-id}' "localhost:$APP_PORT$path")"
done
sleep 0.5
echo; echo "== curl localhost:$METRICS_PORT/metrics (HTTP series) =="
curl -s "localhost:$METRICS_PORT/metrics" | grep -E '^(http_requests_total|http_requests_in_flight|errors_total|sonde_info)'
echo; echo "== $log =="
cat "$log"
echo; echo "Trace page: http://localhost:$METRICS_PORT/ (recent and slowest traces, endpoints, dependencies)"
echo "Demo running: app on :$APP_PORT, metrics on :$METRICS_PORT; each span appears above as a"
echo "[sonde] SPAN line as it ends. Ctrl-C stops it."
wait $app
