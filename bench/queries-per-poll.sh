#!/usr/bin/env bash
# Prometheus queries per poll with the default queries for 1, 100 and 1,000 AppStacks (target: the same small number).
set -euo pipefail
cd "$(dirname "$0")/.."
exec java -cp "$(bench/classpath.sh)" io.appstack.operator.bench.QueriesPerPollBenchmark "$@"
