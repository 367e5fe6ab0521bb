#!/usr/bin/env bash
# The floor under bench/scale-control-plane.sh: the same pods (10 per stack: 4 Deployments of 2, 2 StatefulSets
# of 1 with a volume) and Services written directly, no operator; prints the time until every pod is Running and
# the control plane's CPU. Usage: bench/control-plane-pods.sh [stacks=1000] [namespaces=10]
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/local/go/bin" hack/control-plane.sh >/dev/null
exec java ${JAVA_OPTS:-} -cp "$(bench/classpath.sh)" io.appstack.operator.bench.ControlPlanePodsBaseline "$@"
