#!/usr/bin/env bash
# Scaling-engine decisions per second on one thread: 1,000 AppStacks x 5 components (target >= 100,000/s).
# Usage: bench/engine.sh [warmupSeconds] [measureSeconds]
set -euo pipefail
cd "$(dirname "$0")/.."
exec java -cp "$(bench/classpath.sh)" io.appstack.operator.bench.EngineBenchmark "$@"
