#!/usr/bin/env bash
# N AppStacks (API + 2 worker pools) on fabric8's mock API server, operator in-process on plain JOSDK:
# time to all Ready, API requests and writes, steady-state writes (target 0), heap (target < 512 MiB for
# 1,000), reconcile latency p50/p99, Prometheus queries per poll.
# Usage: bench/scale.sh [stacks=1000] [steadySeconds=60] [namespaces=10]
set -euo pipefail
cd "$(dirname "$0")/.."
exec java -cp "$(bench/classpath.sh)" io.appstack.operator.bench.ScaleBenchmark "$@"
