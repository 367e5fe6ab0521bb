#!/usr/bin/env bash
# Prints the test classpath (compiled classes + dependencies), building them first when needed.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile >&2
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
echo "target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
