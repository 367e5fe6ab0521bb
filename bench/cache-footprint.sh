#!/usr/bin/env bash
# What the informer caches hold per stack: one stack brought to Ready on the real control plane, its children and
# the AppStack read as the informers read them, held in `copies` copies as read and as the operator's item store
# keeps them (CompactItemStore), and what a read from that store costs. Prints KiB per stack and µs per read by
# kind. Usage: bench/cache-footprint.sh [copies=1000] (JAVA_OPTS=-XX:TieredStopAtLevel=1 for the chart's JIT)
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/local/go/bin" hack/control-plane.sh >/dev/null
exec java -XX:+UseSerialGC -Xmx2g ${JAVA_OPTS:-} -cp "$(bench/classpath.sh)" io.appstack.operator.bench.CacheFootprintBenchmark "$@"
