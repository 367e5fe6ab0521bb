#!/usr/bin/env bash
# What the informer caches hold per stack: one stack brought to Ready on the real control plane, its children read
# as the informers read them, held in `copies` copies as read and as the operator's item store keeps them (LeanObjects).
# Prints KiB per stack by kind. Usage: bench/cache-footprint.sh [copies=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/local/go/bin" hack/control-plane.sh >/dev/null
exec java -XX:+UseSerialGC -Xmx2g ${JAVA_OPTS:-} -cp "$(bench/classpath.sh)" io.appstack.operator.bench.CacheFootprintBenchmark "$@"
