#!/usr/bin/env bash
# N AppStacks (API, 2 worker pools, standalone Redis, managed PostgreSQL primary, PgBouncer) on a real control
# plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok) built by hack/control-plane.sh;
# the operator runs in this JVM with server-side apply on. Nothing plays a controller: the real ones do, and kwok
# runs the pods. Prints: time to all Ready, the operator's requests and writes until then and at rest (from the
# API server's audit log), CPU of the operator and of each control-plane process, heap after a full GC.
# Usage: bench/scale-control-plane.sh [stacks=1000] [steadySeconds=60] [namespaces=10]
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/local/go/bin" hack/control-plane.sh >/dev/null
exec java ${JAVA_OPTS:-} -cp "$(bench/classpath.sh)" io.appstack.operator.bench.ControlPlaneScaleBenchmark "$@"
