#!/usr/bin/env bash
# Checks everything under deploy/, offline, in a few seconds (part of scripts/test.sh):
#   - the alert and SLO rules: promtool check rules, and their unit tests (promtool test rules);
#   - the example Prometheus configuration (promtool check config);
#   - the example Alertmanager configuration (amtool check-config) and where it routes each severity;
#   - the Grafana dashboard: valid JSON, every query on the ${datasource} variable, and every
#     query valid PromQL (checked by promtool as recording rules, variables filled in).
# Whether the queries return data from real agents is OperatorKitIT's part (smoke tests).
# Needs promtool and amtool (Debian packages prometheus, prometheus-alertmanager).
set -euo pipefail
cd "$(dirname "$0")"

promtool check rules prometheus/alerts.yml prometheus/slo.yml
promtool test rules prometheus/tests/alerts_test.yml prometheus/tests/slo_test.yml
promtool check config prometheus/scrape.yml >/dev/null

amtool check-config alertmanager/alertmanager.yml >/dev/null
for route in "pager severity=critical alertname=ServiceDown" \
             "team-chat severity=warning alertname=QueueBacklog"; do
  set -- $route
  receiver=$1; shift
  amtool config routes test --config.file=alertmanager/alertmanager.yml \
    --verify.receivers="$receiver" "$@" >/dev/null 2>&1 \
    || { echo "deploy/check.sh: alerts with $* do not go to $receiver" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - grafana/sonde-overview.json "$work/dashboard-queries.yml" <<'PY'
import json, sys
dashboard_file, rules_file = sys.argv[1:3]
dashboard = json.load(open(dashboard_file))
variables = [v["name"] for v in dashboard["templating"]["list"]]
problems = []
if "datasource" not in variables or dashboard["templating"]["list"][0]["type"] != "datasource":
    problems.append("the first variable must be the datasource variable")
queries = []
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        if panel.get("datasource", {}).get("uid") != "${datasource}" \
                or target.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f'panel "{panel["title"]}" does not query ${{datasource}}')
        queries.append((panel["title"], target["expr"]))
if not queries:
    problems.append("no queries")
# Grafana's variables as a query would see them with "All" selected.
fill = {"$__rate_interval": "5m", "$service": ".*", "$endpoint": ".*"}
with open(rules_file, "w") as out:
    out.write("groups:\n  - name: dashboard\n    rules:\n")
    for i, (title, expr) in enumerate(queries):
        for variable, value in fill.items():
            expr = expr.replace(variable, value)
        if "$" in expr:
            problems.append(f'panel "{title}": unknown variable in {expr}')
        out.write(f"      - record: dashboard:query_{i}\n        expr: {json.dumps(expr)}\n")
if problems:
    sys.exit("deploy/check.sh: grafana/sonde-overview.json: " + "; ".join(problems))
print(f"grafana/sonde-overview.json: {len(queries)} queries in {len(dashboard['panels'])} panels")
PY
promtool check rules "$work/dashboard-queries.yml" >/dev/null \
  || { promtool check rules "$work/dashboard-queries.yml"; echo "deploy/check.sh: a dashboard query is not valid PromQL" >&2; exit 1; }
echo "deploy/check.sh: rules, rule tests, configurations and dashboard OK"
