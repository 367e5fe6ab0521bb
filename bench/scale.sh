#!/usr/bin/env bash
# N AppStacks (API, 2 worker pools, standalone Redis, managed PostgreSQL primary, PgBouncer) on fabric8's mock
# API server, which runs in a child JVM (MockApiServer); the operator runs in this JVM on plain JOSDK, and the
# benchmark plays the StatefulSet, Deployment and Job controllers until every stack is Ready. Prints: time to
# all Ready, API requests and writes, steady-state writes (target 0), heap after a full GC of the operator's JVM
# (target < 512 MiB for 1,000), reconcile latency p50/p99, Prometheus queries per poll.
# Usage: bench/scale.sh [stacks=1000] [steadySeconds=60] [namespaces=10]
#        JAVA_OPTS='-Dbench.mockXmx=4g' sets the mock JVM's heap limit (default 4g).
set -euo pipefail
cd "$(dirname "$0")/.."
exec java ${JAVA_OPTS:-} -cp "$(bench/classpath.sh)" io.appstack.operator.bench.ScaleBenchmark "$@"
