#!/usr/bin/env bash
# Runs every check of the Helm chart helm/rtml and the kubectl-rtml plugin, without a cluster:
#   1. helm lint --strict, defaults and every values file in helm/rtml/ci/
#   2. helm template for each values file (object counts in the summary)
#   3. strict validation of every rendered object and the chart's behaviour (tools/k8s/chart-validation, JUnit)
#   4. promtool check rules + promtool test rules (helm/rtml/tests/prometheus/)
#   5. dashboards: valid JSON, every PromQL expression parses (promtool); metric names are checked in step 3
#   6. kubectl-rtml against a fake kubectl and helm (tools/k8s/test-kubectl-rtml.sh)
# Installs what it needs first (tools/k8s/install-tools.sh). Exits non-zero when any check fails.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHART="$ROOT/helm/rtml"
BIN="$("$ROOT/tools/k8s/install-tools.sh")" || { echo "check-chart: installing tools failed" >&2; exit 1; }
export PATH="$BIN:$PATH"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

failures=()
declare -A objects
step() { echo; echo "== $*"; }
fail() { failures+=("$1"); echo "FAILED: $1" >&2; }

step "helm lint --strict"
# The defaults lack the values the chart cannot default (database credentials, the token issuer, its keys and the
# service token Secret: the render fails without them, on purpose), so the defaults are linted with those named.
helm lint --strict "$CHART" --set postgresql.auth.existingSecret=rtml-db \
  --set auth.issuer=https://kc.example.com/realms/rtml \
  --set auth.jwksUrl=https://kc.example.com/realms/rtml/protocol/openid-connect/certs \
  --set auth.serviceToken.existingSecret=rtml-service-token >"$WORK/lint.log" 2>&1 \
  || { cat "$WORK/lint.log"; fail "helm lint (defaults)"; }
values_files=("$CHART"/ci/*.yaml)
for values in "${values_files[@]}"; do
  name="$(basename "$values" .yaml)"
  if helm lint --strict "$CHART" -f "$values" >"$WORK/lint.log" 2>&1; then
    echo "ok   $name"
  else
    cat "$WORK/lint.log"
    fail "helm lint $name"
  fi
done

step "helm template"
for values in "${values_files[@]}"; do
  name="$(basename "$values" .yaml)"
  if helm template rtml "$CHART" --namespace rtml -f "$values" >"$WORK/$name.yaml" 2>"$WORK/template.log"; then
    objects[$name]="$(grep -c '^kind: ' "$WORK/$name.yaml")"
    echo "ok   $name: ${objects[$name]} objects"
  else
    cat "$WORK/template.log"
    objects[$name]="failed"
    fail "helm template $name"
  fi
done

step "strict validation and behaviour tests (fabric8 kubernetes-model, JUnit)"
mvn_log="$WORK/mvn.log"
if (cd "$ROOT/tools/k8s/chart-validation" && mvn -q -B test -Dhelm.bin="$BIN/helm" -Dchart.dir="$CHART") >"$mvn_log" 2>&1; then
  junit="passed"
else
  grep -v '^\s*at ' "$mvn_log" | tail -60
  junit="failed"
  fail "chart validation tests"
fi
reports="$ROOT/tools/k8s/chart-validation/target/surefire-reports"
junit_counts="$(cat "$reports"/*.txt 2>/dev/null | awk -F'[:,] *' '/Tests run/ { r += $2; f += $4 + $6 } END { printf "%d tests, %d failed", r, f }')"
echo "$junit_counts"

step "promtool: alert rules"
mkdir -p "$WORK/prometheus"
cp "$CHART/tests/prometheus/rules-test.yaml" "$WORK/prometheus/"
if helm template rtml "$CHART" --namespace rtml -f "$CHART/ci/all-optional-values.yaml" \
  --show-only templates/110-PrometheusRule-rtml.yaml | yq -y .spec >"$WORK/prometheus/rtml-rules.yaml" &&
  promtool check rules "$WORK/prometheus/rtml-rules.yaml"; then
  rules_check="$(promtool check rules "$WORK/prometheus/rtml-rules.yaml" 2>&1 | grep -o '[0-9]* rules found')"
else
  rules_check="failed"
  fail "promtool check rules"
fi
if promtool test rules "$WORK/prometheus/rules-test.yaml"; then
  rules_test="SUCCESS ($(grep -c '^  - interval:' "$CHART/tests/prometheus/rules-test.yaml") test groups, $(grep -c 'alertname:' "$CHART/tests/prometheus/rules-test.yaml") alert evaluations)"
else
  rules_test="FAILED"
  fail "promtool test rules"
fi

step "dashboards: JSON and PromQL"
dashboard_exprs=0
{
  echo "groups:"
  echo "  - name: dashboards"
  echo "    rules:"
} >"$WORK/dashboards.rules.yaml"
for dashboard in "$CHART"/dashboards/*.json; do
  if ! jq -e '.uid and .title and (.panels | length > 0)' "$dashboard" >/dev/null; then
    fail "dashboard $(basename "$dashboard") is not a Grafana dashboard"
    continue
  fi
  while IFS= read -r expr; do
    dashboard_exprs=$((dashboard_exprs + 1))
    printf '      - record: dashboard:expr:%d\n        expr: %s\n' "$dashboard_exprs" "$(jq -Rn --arg e "$expr" '$e')"
  done < <(jq -r '(.. | objects | .expr? // empty), (.templating.list[].query.query? // empty | sub("^label_values\\((?<s>.*), *[a-z_]+\\)$"; "\(.s)"))' "$dashboard" |
    sed 's/\$__rate_interval/5m/g') >>"$WORK/dashboards.rules.yaml"
done
if promtool check rules "$WORK/dashboards.rules.yaml" >"$WORK/promql.log" 2>&1; then
  echo "ok   $dashboard_exprs dashboard expressions parse"
else
  cat "$WORK/promql.log"
  fail "dashboard PromQL"
fi

step "kubectl-rtml plugin"
if plugin="$(bash "$ROOT/tools/k8s/test-kubectl-rtml.sh")"; then
  echo "$plugin" | tail -1
else
  echo "$plugin"
  fail "kubectl-rtml tests"
fi
plugin_summary="$(echo "$plugin" | tail -1 | sed 's/^kubectl-rtml: //')"

echo
echo "== summary"
printf '%-28s %s\n' "values file" "rendered objects"
for values in "${values_files[@]}"; do
  name="$(basename "$values" .yaml)"
  printf '%-28s %s\n' "$name" "${objects[$name]}"
done
printf '%-28s %s\n' "chart validation (JUnit)" "$junit: $junit_counts"
printf '%-28s %s\n' "promtool check rules" "$rules_check"
printf '%-28s %s\n' "promtool test rules" "$rules_test"
printf '%-28s %s\n' "dashboard PromQL" "$dashboard_exprs expressions"
printf '%-28s %s\n' "kubectl-rtml" "$plugin_summary"
if ((${#failures[@]})); then
  echo "check-chart: ${#failures[@]} check(s) failed: ${failures[*]}" >&2
  exit 1
fi
echo "check-chart: all checks passed"
