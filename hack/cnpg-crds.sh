#!/usr/bin/env bash
# CloudNativePG's CRDs for the control-plane tests, taken from the pinned CloudNativePG Go module: the module holds
# the CRDs its own `make manifests` generated with controller-gen from its Go API types (config/crd/bases), so they
# stay in step with that version. Nothing is copied into this repository: they land in a cache outside it.
#
#   hack/cnpg-crds.sh          fetch what is missing, print the directory
#   hack/cnpg-crds.sh --dir    print the directory only
set -euo pipefail

CNPG_VERSION=v1.27.1   # github.com/cloudnative-pg/cloudnative-pg; the operator writes postgresql.cnpg.io/v1 objects
KINDS=(clusters poolers scheduledbackups backups)

CACHE_ROOT=${APPSTACK_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-control-plane}
DIR=$CACHE_ROOT/cnpg-$CNPG_VERSION

if [[ ${1:-} == --dir ]]; then echo "$DIR"; exit 0; fi

missing=0
for k in "${KINDS[@]}"; do [[ -s $DIR/postgresql.cnpg.io_$k.yaml ]] || missing=1; done
if [[ $missing -eq 0 ]]; then echo "$DIR"; exit 0; fi

command -v go >/dev/null || { echo "cnpg-crds: Go is needed to download the CloudNativePG module (none on the PATH)" >&2; exit 1; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
module=$(go mod download -json "github.com/cloudnative-pg/cloudnative-pg@$CNPG_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
[[ -d $module/config/crd/bases ]] || { echo "cnpg-crds: no config/crd/bases in $module" >&2; exit 1; }
mkdir -p "$DIR"
for k in "${KINDS[@]}"; do
  cp "$module/config/crd/bases/postgresql.cnpg.io_$k.yaml" "$DIR/.postgresql.cnpg.io_$k.yaml"
  mv "$DIR/.postgresql.cnpg.io_$k.yaml" "$DIR/postgresql.cnpg.io_$k.yaml"
done
echo "cnpg-crds: CloudNativePG $CNPG_VERSION CRDs in $DIR" >&2
echo "$DIR"
