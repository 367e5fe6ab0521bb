#!/usr/bin/env bash
# Builds a local Kubernetes control plane from pinned Go modules (no prebuilt binaries can be downloaded here):
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (fake nodes: pods become Running/Ready
# without a container runtime). The binaries land in a cache outside the repository, keyed by the versions, so
# one machine builds them once; the Go module and build caches make a rebuild after a version bump cheaper.
#
#   hack/control-plane.sh          build what is missing, print the binary directory
#   hack/control-plane.sh --dir    print the binary directory only (nothing is built)
#
# k8s.io/kubernetes is not meant to be consumed as a module (its go.mod replaces the k8s.io staging modules with
# ./staging paths), so a small wrapper module requires it and replaces each staging module with its published
# version (kubernetes issue 79384). Every module pinned here declares a `go` line <= the machine's Go (1.26).
set -euo pipefail

KUBERNETES_VERSION=v1.36.3   # kube-apiserver, kube-controller-manager, kube-scheduler (go 1.26.0)
ETCD_VERSION=v3.6.16         # go.etcd.io/etcd/server/v3 (go 1.26.0); kube-apiserver 1.36 is tested against etcd 3.6
KWOK_VERSION=v0.8.0          # sigs.k8s.io/kwok (go 1.26.0, built against k8s.io 0.36)
STAGING_VERSION=v0.${KUBERNETES_VERSION#v1.}

CACHE_ROOT=${APPSTACK_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-control-plane}
# Keyed by the versions and by this script's own content (a change in how they are built rebuilds them).
RECIPE=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-8)
BIN_DIR=$CACHE_ROOT/k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-$RECIPE
BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
FILES=("${BINARIES[@]}" kwok-stages.yaml)

if [[ ${1:-} == --dir ]]; then echo "$BIN_DIR"; exit 0; fi

missing=()
for b in "${FILES[@]}"; do [[ -e $BIN_DIR/$b ]] || missing+=("$b"); done
if [[ ${#missing[@]} -eq 0 ]]; then echo "$BIN_DIR"; exit 0; fi

command -v go >/dev/null || { echo "control-plane: Go is needed to build ${missing[*]} (none on the PATH)" >&2; exit 1; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
mkdir -p "$BIN_DIR"
WORK=$(mktemp -d "$CACHE_ROOT/build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LDFLAGS="-s -w"
log() { echo "control-plane: $*" >&2; }
took() { log "$1 built in $(( $(date +%s) - $2 ))s"; }

# One binary from a module that can be required as it is: a throwaway module requiring it, then go build.
build_module() {
  local name=$1 module=$2 version=$3 package=$4 t=$(date +%s) m=$WORK/$1
  mkdir -p "$m" && cd "$m"
  go mod init "appstack.local/$name" >/dev/null 2>&1
  go get "$module@$version" >&2
  go build -trimpath -ldflags "$LDFLAGS" -o "$BIN_DIR/$name.tmp" "$package"
  mv "$BIN_DIR/$name.tmp" "$BIN_DIR/$name"; took "$name" "$t"
}

build_kubernetes() {
  local t=$(date +%s) m=$WORK/kubernetes
  mkdir -p "$m" && cd "$m"
  go mod init appstack.local/kubernetes >/dev/null 2>&1
  # The staging modules k8s.io/kubernetes requires at v0.0.0, each replaced by its published version.
  local staging
  staging=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  staging=$(sed -n 's#^\s*\(k8s\.io/[a-z0-9-]*\) v0\.0\.0$#\1#p' "$staging" | sort -u)
  go mod edit -require "k8s.io/kubernetes@$KUBERNETES_VERSION"
  for s in $staging; do go mod edit -replace "$s=$s@$STAGING_VERSION"; done
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
  go mod tidy -e >&2 || true
  # The version the binaries report (a module build has no git metadata): clients and Helm read it.
  local v=k8s.io/component-base/version minor=${KUBERNETES_VERSION#v1.}
  local version_flags="-X $v.gitVersion=$KUBERNETES_VERSION -X $v.gitMajor=1 -X $v.gitMinor=${minor%%.*}"
  version_flags+=" -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z"
  for c in kube-apiserver kube-controller-manager kube-scheduler; do
    local tc=$(date +%s)
    go build -trimpath -ldflags "$LDFLAGS $version_flags" -o "$BIN_DIR/$c.tmp" "k8s.io/kubernetes/cmd/$c"
    mv "$BIN_DIR/$c.tmp" "$BIN_DIR/$c"; took "$c" "$tc"
  done
}

# kwok's stages (what its fake kubelet does to nodes and pods) ship as YAML in its module, not in the binary:
# kwokctl's defaults — nodes initialised and kept alive, pods Ready at once, deleted pods removed.
kwok_stages() {
  local dir
  dir=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
  local out=$BIN_DIR/kwok-stages.yaml.tmp
  : > "$out"
  for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml \
      pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    { echo "---"; cat "$dir/kustomize/stage/$f"; } >> "$out"
  done
  mv "$out" "$BIN_DIR/kwok-stages.yaml"
}

start=$(date +%s)
[[ -x $BIN_DIR/etcd ]] || build_module etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/server/v3
if [[ ! -x $BIN_DIR/kube-apiserver || ! -x $BIN_DIR/kube-controller-manager || ! -x $BIN_DIR/kube-scheduler ]]; then
  build_kubernetes
fi
[[ -x $BIN_DIR/kwok ]] || build_module kwok sigs.k8s.io/kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok
[[ -e $BIN_DIR/kwok-stages.yaml ]] || (cd "$WORK" && kwok_stages)
log "all built in $(( $(date +%s) - start ))s into $BIN_DIR"
echo "$BIN_DIR"
