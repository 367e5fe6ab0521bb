#!/usr/bin/env bash
# The operator's own footprint: the packaged jar (target/quarkus-app, built here when missing) started with the
# Helm chart's environment and the image's JVM options (run-java.sh, container limits emulated), against a real
# control plane (built by hack/control-plane.sh) with leader election on and no AppStack. Prints, per run and as
# medians: wall and CPU seconds to Quarkus's "started in" and to /q/health/ready 200, RSS and live heap after
# `idle` seconds at rest, time to stop on SIGTERM and whether the Lease was released. Variants add JVM options
# after the chart's (ENV=value; parts set the container's environment) and run round by round:
#   bench/footprint.sh --runs 5 chart= serial='GC_CONTAINER_OPTIONS=-XX:+UseSerialGC' c1='-XX:TieredStopAtLevel=1'
# With --stacks N: one run of the first variant with N AppStacks (10 pods each): RSS and live heap once all are
# Ready and `idle` seconds later.
# Usage: bench/footprint.sh [--runs 5] [--idle 60] [--stacks N] [--set chartKey=value]... [name='[ENV=value;]... -XX:Flag ...']...
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/local/go/bin" hack/control-plane.sh >/dev/null
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ -n "$(find src/main pom.xml -newer target/quarkus-app/quarkus-run.jar -type f -print -quit)" ]; then
  ./mvnw -B -q package -DskipTests >&2
fi
exec java ${JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(bench/classpath.sh)" io.appstack.operator.bench.FootprintBenchmark "$@"
