#!/usr/bin/env bash
# Tests tools/kubectl-rtml against a fake kubectl and helm on PATH that answer from a state directory
# and record every call. Prints "N passed, M failed" and exits non-zero on a failure.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PLUGIN="$ROOT/tools/kubectl-rtml"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin"

# Fake kubectl: answers "get deployments" and "get services" from the state files, applies "patch service" to them,
# records everything.
cat >"$WORK/bin/kubectl" <<'FAKE'
#!/usr/bin/env bash
echo "kubectl $*" >>"$FAKE_STATE/calls"
case " $* " in
  *" get deployments "*) cat "$FAKE_STATE/deployments.tsv" ;;
  *" get services "*) cat "$FAKE_STATE/services.tsv" ;;
  *" patch service "*)
    args=("$@")
    for i in "${!args[@]}"; do [[ "${args[$i]}" == service ]] && name="${args[$((i + 1))]}"; done
    slot="$(grep -o '"slot":"[a-z]*"' <<<"$*" | cut -d'"' -f4)"
    awk -F'\t' -v OFS='\t' -v n="$name" -v s="$slot" '$2 == n { $3 = s } 1' "$FAKE_STATE/services.tsv" >"$FAKE_STATE/services.new"
    mv "$FAKE_STATE/services.new" "$FAKE_STATE/services.tsv"
    ;;
  *" rollout undo "*) echo "deployment.apps rolled back" ;;
  *" port-forward "*)
    # Like kubectl: says where it listens, then stays until killed; or fails as it does without a Service.
    if [[ -n "${FAKE_FORWARD_PORT:-}" ]]; then
      echo "Forwarding from 127.0.0.1:$FAKE_FORWARD_PORT -> 8080"
      sleep 30
    else
      echo 'error: services "rtml-registry" not found' >&2
      exit 1
    fi
    ;;
  *) echo "fake kubectl: unexpected call: $*" >&2; exit 3 ;;
esac
FAKE
# Fake helm: "get values" from values.json; "upgrade --set inference.activeSlot=X" moves the Services like the chart.
cat >"$WORK/bin/helm" <<'FAKE'
#!/usr/bin/env bash
echo "helm $*" >>"$FAKE_STATE/calls"
case "$1" in
  get) cat "$FAKE_STATE/values.json" ;;
  upgrade)
    target="$(printf '%s\n' "$@" | sed -n 's/^inference.activeSlot=//p')"
    other=blue; [[ "$target" == blue ]] && other=green
    printf 'active\trtml-inference\t%s\npreview\trtml-inference-preview\t%s\n' "$target" "$other" >"$FAKE_STATE/services.tsv"
    ;;
  rollback) echo "Rollback was a success!" ;;
  *) echo "fake helm: unexpected call: $*" >&2; exit 3 ;;
esac
FAKE
chmod +x "$WORK/bin/kubectl" "$WORK/bin/helm"
export PATH="$WORK/bin:$PATH"

passed=0
failed=0

# A fresh cluster state: blue active and ready with 2 Pods; green as given (replicas ready updated available gen observed).
given_cluster() {
  export FAKE_STATE="$WORK/state-$((passed + failed))"
  mkdir -p "$FAKE_STATE"
  : >"$FAKE_STATE/calls"
  local green="${1:-2 2 2 2 3 3}" r rd u a g o
  read -r r rd u a g o <<<"$green"
  {
    printf 'blue\trtml-inference-blue\t2\t2\t2\t2\t5\t5\tghcr.io/rtml/inference-service:1.3.2\tsend-time\n'
    printf 'green\trtml-inference-green\t%s\t%s\t%s\t%s\t%s\t%s\tghcr.io/rtml/inference-service:1.4.0\tsend-time,engagement\n' "$r" "$rd" "$u" "$a" "$g" "$o"
  } >"$FAKE_STATE/deployments.tsv"
  printf 'active\trtml-inference\tblue\npreview\trtml-inference-preview\tgreen\n' >"$FAKE_STATE/services.tsv"
  printf '{"inference":{"activeSlot":"%s","slots":{}}}\n' "${2:-blue}" >"$FAKE_STATE/values.json"
}

run_plugin() {
  OUTPUT="$("$PLUGIN" "$@" 2>&1)"
  STATUS=$?
}

check() { # name, then a command that must succeed
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    echo "     exit $STATUS; output:"
    sed 's/^/       /' <<<"$OUTPUT"
    echo "     calls:"
    sed 's/^/       /' "$FAKE_STATE/calls"
  fi
}

called() { grep -qF -- "$1" "$FAKE_STATE/calls"; }
not_called() { ! grep -qF -- "$1" "$FAKE_STATE/calls"; }
output_has() { grep -qF -- "$1" <<<"$OUTPUT"; }

t_status_shows_slots() {
  given_cluster
  run_plugin status -n rtml
  [[ $STATUS == 0 ]] && output_has "blue   active   2/2" && output_has "green  preview  2/2" &&
    output_has "inference-service:1.4.0" && output_has "send-time,engagement" &&
    called "kubectl --namespace rtml get deployments -l app.kubernetes.io/instance=rtml,app.kubernetes.io/component=inference" &&
    ! output_has "WARNING"
}
check "status lists both slots, their images, pins, readiness and which is active" t_status_shows_slots

t_status_parked() {
  given_cluster "0 0 0 0 3 3"
  run_plugin status
  [[ $STATUS == 0 ]] && output_has "green  preview  0/0       parked"
}
check "status shows a slot with 0 replicas as parked" t_status_parked

t_status_out_of_step() {
  given_cluster "2 2 2 2 3 3" green
  run_plugin status
  [[ $STATUS == 0 ]] && output_has "WARNING: the Service sends traffic to blue but Helm release rtml records inference.activeSlot=green"
}
check "status says so when the Service and the Helm release disagree on the active slot" t_status_out_of_step

t_switch_with_helm() {
  given_cluster
  run_plugin switch green -n rtml --chart ./helm/rtml
  [[ $STATUS == 0 ]] && called "helm upgrade rtml ./helm/rtml --reuse-values --set inference.activeSlot=green --namespace rtml" &&
    not_called "kubectl --namespace rtml patch" && output_has "slot green is active; slot blue is in preview"
}
check "switch to a ready slot runs helm upgrade with the new activeSlot" t_switch_with_helm

t_switch_refuses_parked() {
  given_cluster "0 0 0 0 3 3"
  run_plugin switch green --chart ./helm/rtml
  [[ $STATUS == 1 ]] && output_has "refusing to switch to green: rtml-inference-green has 0 replicas" &&
    not_called "helm upgrade" && not_called "patch"
}
check "switch refuses a slot with 0 replicas and changes nothing" t_switch_refuses_parked

t_switch_refuses_unready() {
  given_cluster "2 1 2 2 3 3"
  run_plugin switch green --chart ./helm/rtml
  [[ $STATUS == 1 ]] && output_has "is not fully ready (1 of 2 Pods ready" && not_called "helm upgrade" && not_called "patch"
}
check "switch refuses a slot whose Pods are not all ready" t_switch_refuses_unready

t_switch_refuses_rolling() {
  given_cluster "2 2 1 2 4 4"
  run_plugin switch green --chart ./helm/rtml
  [[ $STATUS == 1 ]] && output_has "still rolling out (1 of 2 Pods updated)" && not_called "helm upgrade"
}
check "switch refuses a slot that is still rolling out" t_switch_refuses_rolling

t_switch_refuses_unobserved() {
  given_cluster "2 2 2 2 4 3"
  run_plugin switch green --chart ./helm/rtml
  [[ $STATUS == 1 ]] && output_has "not observed yet" && not_called "helm upgrade"
}
check "switch refuses a slot with a change its controller has not observed" t_switch_refuses_unobserved

t_switch_noop() {
  given_cluster
  run_plugin switch blue --chart ./helm/rtml
  [[ $STATUS == 0 ]] && output_has "blue is already active" && not_called "helm upgrade"
}
check "switch to the active slot does nothing" t_switch_noop

t_switch_needs_chart() {
  given_cluster
  run_plugin switch green
  [[ $STATUS == 1 ]] && output_has "switch needs the chart" && not_called "helm upgrade" && not_called "patch"
}
check "switch without a chart or --patch explains both and changes nothing" t_switch_needs_chart


t_switch_patch() {
  given_cluster
  run_plugin switch green --patch -n rtml
  [[ $STATUS == 0 ]] && called 'kubectl --namespace rtml patch service rtml-inference --type merge -p {"spec":{"selector":{"slot":"green"}}}' &&
    called 'kubectl --namespace rtml patch service rtml-inference-preview --type merge -p {"spec":{"selector":{"slot":"blue"}}}' &&
    output_has "Helm release rtml still records inference.activeSlot=blue" && not_called "helm upgrade"
}
check "switch --patch patches both Services and says the Helm release is out of step" t_switch_patch

t_switch_rejects_bad_slot() {
  given_cluster
  run_plugin switch purple --chart ./helm/rtml
  [[ $STATUS == 1 ]] && output_has "slot must be blue or green" && not_called "helm upgrade"
}
check "switch rejects a slot name other than blue or green" t_switch_rejects_bad_slot

t_rollback_release() {
  given_cluster
  run_plugin rollback 4 -n rtml --release shop
  [[ $STATUS == 0 ]] && called "helm rollback shop 4 --namespace rtml" && output_has "rolled back release shop to revision 4"
}
check "rollback runs helm rollback of the release to the given revision" t_rollback_release

t_rollback_slot() {
  given_cluster
  run_plugin rollback --slot green -n rtml
  [[ $STATUS == 0 ]] && called "kubectl --namespace rtml rollout undo deployment/rtml-inference-green" &&
    output_has "Helm release rtml is now out of step" && not_called "helm rollback"
}
check "rollback --slot undoes one slot's rollout and says what Helm still records" t_rollback_slot

t_route_needs_token() {
  given_cluster
  RTML_TOKEN="" run_plugin route send-time
  [[ $STATUS == 1 ]] && output_has "route needs a bearer token in RTML_TOKEN" && not_called "port-forward"
}
check "route without a token says which variable to set and calls nothing" t_route_needs_token

t_route_port_forward_fails() {
  given_cluster
  RTML_TOKEN=t run_plugin route send-time -n rtml --release shop
  [[ $STATUS == 1 ]] && called "kubectl --namespace rtml port-forward service/shop-registry :8080" &&
    output_has 'could not port-forward to service/shop-registry: error: services "rtml-registry" not found'
}
check "route port-forwards to the release's registry Service and reports why it could not" t_route_port_forward_fails

t_route_uses_forwarded_port() {
  given_cluster
  # A port nothing listens on: the plugin must read it from kubectl's output and try it.
  FAKE_FORWARD_PORT=9 RTML_TOKEN=t run_plugin route send-time
  [[ $STATUS == 1 ]] && output_has "could not reach the registry at http://127.0.0.1:9"
}
check "route talks to the local port kubectl port-forward picked" t_route_uses_forwarded_port

t_route_rejects_bad_name() {
  given_cluster
  RTML_TOKEN=t run_plugin route 'send time' --registry http://127.0.0.1:9
  [[ $STATUS == 1 ]] && output_has "model name 'send time' may only hold"
}
check "route rejects a malformed model name before calling the registry" t_route_rejects_bad_name

t_route_rejects_bad_percent() {
  given_cluster
  RTML_TOKEN=t run_plugin route send-time set --mode canary --percent ten --registry http://127.0.0.1:9
  [[ $STATUS == 1 ]] && output_has "--percent must be a whole number" && ! output_has "could not reach"
}
check "route rejects a percent that is not a number before calling the registry" t_route_rejects_bad_percent

t_usage() {
  given_cluster
  run_plugin frobnicate
  [[ $STATUS == 2 ]] && output_has "kubectl rtml status"
}
check "an unknown command prints usage and exits 2" t_usage

echo
echo "kubectl-rtml: $passed passed, $failed failed"
((failed == 0))
