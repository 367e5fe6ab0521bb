#!/usr/bin/env bash
# Third-party CRDs for the control-plane tests, taken from a pinned Go module that ships the CRDs its own build
# generated from its Go API types, so they stay in step with that version. Nothing is copied into this repository:
# they land in a cache outside it.
#
#   hack/crds-from-module.sh NAME MODULE VERSION SUBDIR FILE...          fetch what is missing, print the directory
#   hack/crds-from-module.sh --dir NAME MODULE VERSION SUBDIR FILE...    print the directory only
set -euo pipefail

only_dir=0
if [[ ${1:-} == --dir ]]; then only_dir=1; shift; fi
NAME=$1 MODULE=$2 VERSION=$3 SUBDIR=$4
shift 4
FILES=("$@")

CACHE_ROOT=${APPSTACK_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-control-plane}
DIR=$CACHE_ROOT/$NAME-$VERSION

if [[ $only_dir -eq 1 ]]; then echo "$DIR"; exit 0; fi

missing=0
for f in "${FILES[@]}"; do [[ -s $DIR/$f ]] || missing=1; done
if [[ $missing -eq 0 ]]; then echo "$DIR"; exit 0; fi

command -v go >/dev/null || { echo "$NAME: Go is needed to download $MODULE (none on the PATH)" >&2; exit 1; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
module=$(go mod download -json "$MODULE@$VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
[[ -d $module/$SUBDIR ]] || { echo "$NAME: no $SUBDIR in $module" >&2; exit 1; }
mkdir -p "$DIR"
for f in "${FILES[@]}"; do
  cp "$module/$SUBDIR/$f" "$DIR/.$f"
  mv "$DIR/.$f" "$DIR/$f"
done
echo "$NAME: $MODULE $VERSION CRDs in $DIR" >&2
echo "$DIR"
