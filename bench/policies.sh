#!/usr/bin/env bash
# Prints the policy table of issue 13: every trace in samples/traces and the two synthetic shapes, every policy,
# SLO-violation minutes, replica-hours and scale events, with the same default settings for all (nothing tuned
# to a trace). Run from the repository root: [STACK=file.yaml] bench/policies.sh [extra bin/simulate flags…]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
table=$(mktemp)
trap 'rm -f "$table"' EXIT
cat > "$table" <<'PY'
import json, sys
name = sys.argv[1]
d = json.load(sys.stdin)
for p in d["policies"]:
    print("%-10s %-12s %10s %12s %8d" % (name, p["name"], format(p["sloViolationMinutes"]["total"], ",.1f"),
          format(p["replicaHours"]["total"], ",.1f"), p["scaleEvents"]["total"]))
t = d["targets"]
ok = lambda k: "met" if t[k]["met"] else "NOT met"
c = t["replicaHoursWithinClairvoyantFactor"]
print("%-10s targets: SLO ≤ hpa+keda %s; replica-h ≤ hpa+keda %s; ≤ 1.5× clairvoyant %s (%.2f×)" % (name,
      ok("sloViolationMinutesAtMostHpa"), ok("replicaHoursAtMostHpa"), ok("replicaHoursWithinClairvoyantFactor"),
      c["appstack"] / c["clairvoyant"]))
PY
run() {
  local name="$1"; shift
  bin/simulate --stack "${STACK:-samples/minimal.yaml}" --no-report --no-progress --json "$@" ${extra[@]+"${extra[@]}"} \
    2>/dev/null | python3 "$table" "$name"
}
extra=("$@")
printf '%-10s %-12s %10s %12s %8s\n' trace policy "SLO min" replica-h events
run nasa --trace samples/traces/nasa-http-1995/requests_per_minute.csv --start-phase Medium --median-rps 2500
run azure --trace samples/traces/azure-llm-code-2023/arrivals.csv --arrivals --start-phase Medium --median-rps 2500
run step --trace synthetic:step --start-phase Medium
run daily --trace synthetic:daily --start-phase Medium --median-rps 2500
# The predictive floor on the traces with a recurring cycle (the NASA trace has daily and weekly ones).
run daily+pred --trace synthetic:daily --start-phase Medium --median-rps 2500 --predictive
run nasa+pred --trace samples/traces/nasa-http-1995/requests_per_minute.csv --start-phase Medium --median-rps 2500 \
  --predictive
