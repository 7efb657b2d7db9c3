#!/usr/bin/env bash
# Sends simulated customers through the sample shop's pricing experiment: each asks for a price
# and purchases one to three items with probability 10% (standard) or 15% (discount), then prints
# the results.
# Usage: ./simulate.sh [customers=2000] [base-url=http://localhost:8080]
set -euo pipefail
customers="${1:-2000}"
base="${2:-http://localhost:8080}"
run="sim-$(date +%s)-"
RANDOM=42
for ((i = 0; i < customers; i++)); do
  user="$run$i"
  body="$(curl -s -f -H "X-User-Id: $user" "$base/price?amount=100" || true)"
  [[ -z "$body" ]] && continue # no price page (skewed profile): the customer leaves
  if [[ "$body" == *'"variant":"discount"'* ]]; then threshold=15 price=90; else threshold=10 price=100; fi
  if ((RANDOM % 100 < threshold)); then
    amount=$((price * (1 + RANDOM % 3)))
    curl -s -o /dev/null -X POST -H "X-User-Id: $user" "$base/purchase?amount=$amount"
  fi
done
curl -s "$base/actuator/flags/experiments/pricing"
echo
